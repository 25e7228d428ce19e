# Helpers shared by the folder CMakeLists.

# rez_embed(<out_var> <symbol> <file>): generate a .c holding <file> as bytes (NUL-terminated),
# exported as `const unsigned char <symbol>[]` and `const size_t <symbol>_len`.
function(rez_embed out_var sym file)
  get_filename_component(abs "${file}" ABSOLUTE)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embed_${sym}.c")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${abs} -DOUT=${out} -DSYM=${sym} -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS "${abs}" ${PROJECT_SOURCE_DIR}/cmake/embed.cmake VERBATIM)
  set(${out_var} ${${out_var}} "${out}" PARENT_SCOPE)
endfunction()
