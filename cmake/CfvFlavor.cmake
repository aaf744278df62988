# Flavors of the project's libraries: <lib>_<flavor>, a copy of a library
# built from that library's own sources, include paths, options,
# definitions and dependencies, with other flags, linking the same flavor
# of its cfv_* links. Each library folder calls cfv_add_flavors(<lib>) after
# defining <lib>, so the copy is made in the library's own folder (no target
# compiles another folder's sources) and a library that gains a file needs
# no edit here. The copies are EXCLUDE_FROM_ALL: built only when linked.
#
#   plain  no sanitizers, no coverage, no inlining, frame pointers: the
#          triage children (triage/), which must crash as the sensor did (a
#          guard-page SIGSEGV, not an ASan report) even in a sanitized build,
#          and name every function of the source;
#   asan   plain plus AddressSanitizer (cfv-replica-child-asan);
# with CFV_FUZZ (clang):
#   fz     instrumented for libFuzzer + ASan + UBSan, as libFuzzer's defaults
#          have it (the *_stock targets), or as $CFLAGS say when
#          CFV_FUZZ_ENGINE is given (OSS-Fuzz/ClusterFuzzLite);
#          on x86-64 with SSE4.2 (the CRC-32C instruction);
#   fzg    the same without compare tracing (the grammar-aware targets: the
#          mutator, not compare operands, finds their structure, and tracing
#          the validator's u64 compares took 40% of its time);
#   mut    the mutator and the writer and decoder only it uses in a fuzz
#          target, plain -O2: it runs between executions, and under ASan it
#          took 7x as long (it allocates a lot); its cfv_core is the fzg one
#          the target shares. tests/fuzz/test_mutator runs it under ASan in
#          sanitized builds;
# with CFV_FUZZ or CFV_FUZZ_AFL:
#   pic    plain position-independent code (the AFL++ custom mutator
#          library, which afl-fuzz loads and which must not be instrumented).
include_guard(GLOBAL)

set(CFV_FUZZ_ENGINE "" CACHE STRING
  "Fuzzing engine to link the targets with ($LIB_FUZZING_ENGINE); empty: -fsanitize=fuzzer plus ASan/UBSan")

set(CFV_FLAVORS plain asan)
if(CFV_FUZZ)
  list(APPEND CFV_FLAVORS fz fzg mut)
endif()
if(CFV_FUZZ OR CFV_FUZZ_AFL)
  list(APPEND CFV_FLAVORS pic)
endif()

# The coverage ignorelist of the fz flavors (fuzz/mutator/coverage_ignore.txt)
# is not a source: a compile definition carrying its hash makes an edit of
# it rebuild what it applies to, and editing it re-runs the configuration.
set(CFV_COVERAGE_IGNORE ${CMAKE_SOURCE_DIR}/fuzz/mutator/coverage_ignore.txt)
if(EXISTS ${CFV_COVERAGE_IGNORE})
  file(MD5 ${CFV_COVERAGE_IGNORE} CFV_COVERAGE_IGNORE_MD5)
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CFV_COVERAGE_IGNORE})
endif()

# Applies a flavor's flags to a target (a copy, or an executable of that flavor).
function(cfv_flavor_flags target flavor)
  if(flavor STREQUAL "plain" OR flavor STREQUAL "asan")
    # The project's options without sanitizer and coverage flags.
    foreach(prop COMPILE_OPTIONS LINK_OPTIONS)
      get_target_property(v ${target} ${prop})
      if(v)
        list(FILTER v EXCLUDE REGEX "sanitize|-fprofile|-fcoverage")
        set_target_properties(${target} PROPERTIES ${prop} "${v}")
      endif()
    endforeach()
    target_compile_options(${target} PRIVATE -g -fno-inline -fno-omit-frame-pointer)
    if(flavor STREQUAL "asan")
      target_compile_options(${target} PRIVATE -fsanitize=address)
      target_link_options(${target} PRIVATE -fsanitize=address)
    endif()
  elseif(flavor STREQUAL "fzg" AND NOT CFV_FUZZ_ENGINE)
    cfv_flavor_flags(${target} fz)
    target_compile_options(${target} PRIVATE -fno-sanitize-coverage=trace-cmp)
  elseif(flavor STREQUAL "fz" AND NOT CFV_FUZZ_ENGINE)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link
      -fsanitize-coverage-ignorelist=${CFV_COVERAGE_IGNORE}
      -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer -gline-tables-only)
    # Regex caches with a fixed hash key: runs repeat exactly.
    target_compile_definitions(${target} PRIVATE CFV_REGEX_FIXED_KEY=1
      CFV_COVERAGE_IGNORE_MD5=${CFV_COVERAGE_IGNORE_MD5})
    if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
      # The CRC-32C instruction at compile time: without it files under
      # 16 KiB take the portable loop (cpuid traps under a hypervisor), 10 %
      # of a fuzz_differential execution under ASan. test_crc32c checks the
      # two paths agree.
      target_compile_options(${target} PRIVATE -msse4.2)
    endif()
  elseif(flavor STREQUAL "pic")
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    if(CFV_FUZZ_AFL)
      # afl-clang-* as a plain compiler: afl-fuzz loads this code itself.
      set_target_properties(${target} PROPERTIES
        RULE_LAUNCH_COMPILE "env AFL_NOOPT=1" RULE_LAUNCH_LINK "env AFL_NOOPT=1")
    endif()
  endif()
endfunction()

# Makes <lib>_<flavor> for every flavor of this configuration; call it in
# <lib>'s folder, after <lib>'s sources, options and links are set.
function(cfv_add_flavors lib)
  get_target_property(srcs ${lib} SOURCES)
  get_target_property(deps ${lib} LINK_LIBRARIES)
  get_target_property(after ${lib} MANUALLY_ADDED_DEPENDENCIES)
  foreach(flavor IN LISTS CFV_FLAVORS)
    set(copy ${lib}_${flavor})
    add_library(${copy} STATIC EXCLUDE_FROM_ALL ${srcs})
    foreach(prop INCLUDE_DIRECTORIES INTERFACE_INCLUDE_DIRECTORIES COMPILE_OPTIONS
                 COMPILE_DEFINITIONS INTERFACE_COMPILE_DEFINITIONS)
      get_target_property(v ${lib} ${prop})
      if(v)
        set_property(TARGET ${copy} PROPERTY ${prop} "${v}")
      endif()
    endforeach()
    set(links)
    foreach(d IN LISTS deps)
      if(d MATCHES "^cfv_")
        # By name: the dependency's folder makes its copies too.
        if(flavor STREQUAL "mut" AND d STREQUAL "cfv_core")
          list(APPEND links cfv_core_fzg)   # the one the fuzz target shares
        else()
          list(APPEND links ${d}_${flavor})
        endif()
      elseif(d)
        list(APPEND links ${d})
      endif()
    endforeach()
    target_link_libraries(${copy} PUBLIC ${links})
    if(after)
      add_dependencies(${copy} ${after})
    endif()
    cfv_flavor_flags(${copy} ${flavor})
  endforeach()
endfunction()
