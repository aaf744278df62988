# A file's bytes as a C array, for programs that must carry data with them
# (cfv carries grammar/cff.defs; ClusterFuzzLite ships fuzz binaries alone).
#
# As a module:  cfv_embed(<target> <input file> <symbol>) adds to <target> a
#   generated <symbol>.c defining `const unsigned char <symbol>[]` (the
#   bytes plus a NUL) and `const size_t <symbol>_len`, rebuilt when the
#   input changes.
# As a script:  cmake -DIN=<file> -DOUT=<file.c> -DNAME=<symbol> -P CfvEmbed.cmake
if(CMAKE_SCRIPT_MODE_FILE)
  file(READ "${IN}" hex HEX)
  string(LENGTH "${hex}" n)
  math(EXPR bytes "${n} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
  string(REGEX REPLACE "((0x..,){16})" "\\1\n    " body "${body}")
  get_filename_component(base "${IN}" NAME)
  file(WRITE "${OUT}.tmp"
    "/* Generated from ${base} by cmake/CfvEmbed.cmake. Do not edit. */\n"
    "#include <stddef.h>\n"
    "const unsigned char ${NAME}[] = {\n    ${body}0x00\n};\n"
    "const size_t ${NAME}_len = ${bytes};\n")
  file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
  file(REMOVE "${OUT}.tmp")
  return()
endif()

include_guard(GLOBAL)

function(cfv_embed target input symbol)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${symbol}.c)
  set(script ${CMAKE_CURRENT_FUNCTION_LIST_FILE})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${input} -DOUT=${out} -DNAME=${symbol} -P ${script}
    DEPENDS ${input} ${script}
    COMMENT "Embedding ${input} as ${symbol}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
