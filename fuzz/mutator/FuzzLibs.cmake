# Flavors of the project's libraries for fuzzing, made from the originals'
# own sources, include paths, options and links, so a library that gains a
# file needs no edit here:
#   fz   instrumented for libFuzzer + ASan + UBSan, as libFuzzer's defaults
#        have it (the *_stock targets), or as $CFLAGS say when
#        CFV_FUZZ_ENGINE is given (OSS-Fuzz/ClusterFuzzLite);
#   fzg  the same without compare tracing (the grammar-aware targets: the
#        mutator, not compare operands, finds their structure, and tracing
#        the validator's u64 compares took 40% of its time);
#   mut  the mutator and the writer and decoder only it uses in a fuzz target,
#        plain -O2: it runs between executions, and under ASan it took 7x as
#        long (it allocates a lot); its cfv_core is the fzg one the target
#        shares. tests/fuzz/test_mutator runs it under ASan in sanitized builds;
#   pic  plain position-independent code (the AFL++ custom mutator library,
#        which afl-fuzz loads and which must not be instrumented).
# cfv_fuzz_lib(<flavor> <lib> <var>) sets <var> to <lib>'s copy of that
# flavor, made on first use together with the copies of its cfv_* links
# (cmake/CfvFlavor.cmake).
include_guard(GLOBAL)
include(CfvFlavor)

set(CFV_FUZZ_ENGINE "" CACHE STRING
  "Fuzzing engine to link the targets with ($LIB_FUZZING_ENGINE); empty: -fsanitize=fuzzer plus ASan/UBSan")

function(cfv_fuzz_flavor_flags target flavor)
  if(flavor STREQUAL "fzg" AND NOT CFV_FUZZ_ENGINE)
    cfv_fuzz_flavor_flags(${target} fz)
    target_compile_options(${target} PRIVATE -fno-sanitize-coverage=trace-cmp)
  elseif(flavor STREQUAL "fz" AND NOT CFV_FUZZ_ENGINE)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link
      -fsanitize-coverage-ignorelist=${CMAKE_CURRENT_FUNCTION_LIST_DIR}/coverage_ignore.txt
      -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer -gline-tables-only)
  elseif(flavor STREQUAL "pic")
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    if(CFV_FUZZ_AFL)
      # afl-clang-* as a plain compiler: afl-fuzz loads this code itself.
      set_target_properties(${target} PROPERTIES
        RULE_LAUNCH_COMPILE "env AFL_NOOPT=1" RULE_LAUNCH_LINK "env AFL_NOOPT=1")
    endif()
  endif()
endfunction()

# The flavors' hooks for cfv_flavor_lib.
function(cfv_flavor_flags_fz target)
  cfv_fuzz_flavor_flags(${target} fz)
endfunction()
function(cfv_flavor_flags_fzg target)
  cfv_fuzz_flavor_flags(${target} fzg)
endfunction()
function(cfv_flavor_flags_mut target)
  cfv_fuzz_flavor_flags(${target} mut)
endfunction()
function(cfv_flavor_flags_pic target)
  cfv_fuzz_flavor_flags(${target} pic)
endfunction()
# The mutator's cfv_core is the fzg one the target shares.
set_property(GLOBAL PROPERTY CFV_FLAVOR_DEP_mut_cfv_core fzg)

function(cfv_fuzz_lib flavor lib var)
  cfv_flavor_lib(${flavor} ${lib} copy)
  set(${var} ${copy} PARENT_SCOPE)
endfunction()
