/* Scratch git repositories for the diff-driver, pre-commit and CI-gate
 * tests: an isolated HOME and git config, cfv first on PATH, and shell
 * snippets run inside the repository. */
#ifndef CFV_TEST_GIT_SCRATCH_H
#define CFV_TEST_GIT_SCRATCH_H

#include "harness.h"

typedef struct scratch {
    char *root;                 /* temporary directory: home/, repo/ */
    char *repo;
} scratch;

/* Creates root, an empty repository at root/repo with the source tree's
 * .gitattributes, and points HOME, git's config and PATH at them. */
void scratch_init(scratch *s);
void scratch_free(scratch *s);

/* Runs `sh -c script` in the repository; *r has its exit status and output. */
void scratch_sh(const scratch *s, cli_run *r, const char *script);
/* The same, failing the test unless it exits 0. */
void scratch_ok(const scratch *s, const char *script);
/* Copies a file of the source tree into the repository as `to`. */
void scratch_copy(const scratch *s, const char *from_source, const char *to);

#endif
