/* Path globs as .cfv.yaml writes them: '/' separates segments, `*`, `?` and
 * `[...]` match within one segment (fnmatch), `**` matches any number of
 * whole segments, none included ("legacy" then "**" then "*.sys" matches
 * legacy/a.sys and legacy/x/y/b.sys). */
#ifndef CFV_CLI_COMMON_GLOB_H
#define CFV_CLI_COMMON_GLOB_H

/* 1 if path (relative, '/'-separated, no leading "./") matches pattern. */
int cfv_glob_match(const char *pattern, const char *path);

/* path (as given: relative to the working directory, or absolute) relative
 * to dir, both with symbolic links resolved: "legacy/a/old.cff". NULL when
 * path is not below dir (or out of memory). malloc'd. */
char *cfv_path_below(const char *dir, const char *path);
/* The directory sub relative to dir ("" for dir itself), NULL when it is not
 * below dir. malloc'd. */
char *cfv_dir_below(const char *dir, const char *sub);

#endif
