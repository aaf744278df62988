/* The subcommands of cfv, one line each: CFV_COMMAND(name, one-line summary).
 * Adding one is a line here plus cli/<name>/cmd_<name>.c (a folder with its
 * CMakeLists.txt, named in CFV_CLI_COMMANDS of cli/CMakeLists.txt) defining
 *     int cfv_cmd_<name>(int argc, char **argv);
 * which gets argv[0] == "<name>", prints its own messages, returns the exit
 * status, and prints its usage to stdout for "--help" (what `cfv help <name>`
 * runs). Included twice by main.c, hence no include guard. */
CFV_COMMAND(check, "validate channel files against the Template Type Definitions")
CFV_COMMAND(run, "replay JSON Lines telemetry through the sensor's Content Interpreter model")
CFV_COMMAND(triage, "classify and deduplicate crash inputs of the faithful replica")
CFV_COMMAND(dump, "show a channel file field by field with its diagnostics, as JSON, or as source")
CFV_COMMAND(build, "compile source into a validated channel file, written atomically")
CFV_COMMAND(rules, "list the rules, or explain one: what it checks, why, examples, the fix")
CFV_COMMAND(plan, "say how far a release may roll out: per ring, from a fleet inventory")
