# rez_lazy_library(<name> <pkg-config prefix> <library>): the target rez::<name>_lazy, for code
# that calls a library through the stubs of runtime/lazy/ or hooks/lazy/ (runtime/dynlib.h):
# the library's headers, and REZ_SONAME_<NAME> = the soname to dlopen (read from the library
# file the build would have linked), but no link to the library itself.
function(rez_lazy_library name prefix lib)
  find_library(REZ_LAZY_${name}_PATH NAMES ${lib} HINTS ${${prefix}_LIBRARY_DIRS})
  if(NOT REZ_LAZY_${name}_PATH)
    message(FATAL_ERROR "lib${lib}.so not found")
  endif()
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p ${REZ_LAZY_${name}_PATH}
                  OUTPUT_VARIABLE dump RESULT_VARIABLE rc)
  string(REGEX MATCH "SONAME +([^ \n]+)" found "${dump}")
  if(NOT rc EQUAL 0 OR NOT found)
    message(FATAL_ERROR "no SONAME in ${REZ_LAZY_${name}_PATH}")
  endif()
  string(TOUPPER ${name} upper)
  add_library(rez_${name}_lazy INTERFACE)
  target_include_directories(rez_${name}_lazy INTERFACE ${${prefix}_INCLUDE_DIRS})
  target_compile_options(rez_${name}_lazy INTERFACE ${${prefix}_CFLAGS_OTHER})
  target_compile_definitions(rez_${name}_lazy INTERFACE REZ_SONAME_${upper}="${CMAKE_MATCH_1}")
  target_link_libraries(rez_${name}_lazy INTERFACE ${CMAKE_DL_LIBS} Threads::Threads)
  add_library(rez::${name}_lazy ALIAS rez_${name}_lazy)
endfunction()
