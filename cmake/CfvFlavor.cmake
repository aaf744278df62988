# Flavors of the project's libraries: a copy of a library built from that
# library's own sources, include paths, options and definitions, with other
# compile flags. A library that gains a file needs no edit here, and no
# target names another folder's sources.
#
# cfv_flavor_lib(<flavor> <lib> <var>) sets <var> to <lib>'s copy of that
# flavor (<lib>_<flavor>), made on first use together with the copies of
# its cfv_* links; then calls cfv_flavor_flags_<flavor>(<copy>), which the
# flavor's owner defines (fuzz/mutator/FuzzLibs.cmake: fz fzg mut pic;
# triage/CMakeLists.txt: plain asan). A link may take another flavor:
#   set_property(GLOBAL PROPERTY CFV_FLAVOR_DEP_<flavor>_<dep> <other flavor>)
include_guard(GLOBAL)

function(cfv_flavor_lib flavor lib var)
  set(copy ${lib}_${flavor})
  set(${var} ${copy} PARENT_SCOPE)
  if(TARGET ${copy})
    return()
  endif()
  get_target_property(src_dir ${lib} SOURCE_DIR)
  get_target_property(srcs ${lib} SOURCES)
  set(abs)
  foreach(s IN LISTS srcs)
    if(NOT IS_ABSOLUTE "${s}")
      set(s ${src_dir}/${s})
    endif()
    list(APPEND abs ${s})
  endforeach()
  add_library(${copy} STATIC EXCLUDE_FROM_ALL ${abs})
  foreach(prop INCLUDE_DIRECTORIES INTERFACE_INCLUDE_DIRECTORIES COMPILE_OPTIONS
               COMPILE_DEFINITIONS INTERFACE_COMPILE_DEFINITIONS)
    get_target_property(v ${lib} ${prop})
    if(v)
      set_property(TARGET ${copy} PROPERTY ${prop} "${v}")
    endif()
  endforeach()
  get_target_property(deps ${lib} LINK_LIBRARIES)
  set(links)
  foreach(d IN LISTS deps)
    if(TARGET ${d} AND d MATCHES "^cfv_")
      get_property(dflavor GLOBAL PROPERTY CFV_FLAVOR_DEP_${flavor}_${d})
      if(NOT dflavor)
        set(dflavor ${flavor})
      endif()
      cfv_flavor_lib(${dflavor} ${d} dcopy)
      list(APPEND links ${dcopy})
    elseif(d)
      list(APPEND links ${d})
    endif()
  endforeach()
  target_link_libraries(${copy} PUBLIC ${links})
  # Generated sources (cff_validate.c, the embedded definitions) come from
  # custom commands in other directories: depend on their targets.
  foreach(gen cfv_generated cfv_fuzz_defs_text)
    if(TARGET ${gen})
      add_dependencies(${copy} ${gen})
    endif()
  endforeach()
  cmake_language(CALL cfv_flavor_flags_${flavor} ${copy})
endfunction()
