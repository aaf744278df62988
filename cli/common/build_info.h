/* What this cfv was built from (cmake/CfvBuildInfo.cmake, at build time). */
#ifndef CFV_CLI_BUILD_INFO_H
#define CFV_CLI_BUILD_INFO_H

extern const char cfv_build_version[];  /* "0.1.0", the project's version */
extern const char cfv_build_revision[]; /* git commit (12 digits, maybe "-dirty"), or "unknown" */

#endif
