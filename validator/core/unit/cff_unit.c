/* The generated validator and the grammar's externs as one translation
 * unit, so the compiler may inline the externs the fast tier calls per
 * instance (type_by_id, type_fields, ...) where they are used, as SQLite's
 * amalgamation does for its own calls. Both files stay what they are: the
 * generated unit only declares the externs (the grammar's contract), the
 * hand-written file defines them with external linkage, and the proof
 * (scripts/prove.sh) and the coverage report read them as two files: the
 * CTest cff_externs_standalone compiles cff_externs.c alone, so it leans on
 * nothing of the generated unit. This file lives apart from core/ so that
 * no glob of core/ takes it as a third. */
#include "cff_validate.c"
#include "../cff_externs.c"
