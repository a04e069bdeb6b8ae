# cmake -P MendDebugInfo.cmake: after libmend links, keep its DWARF apart for
# the `debug` install component (cmake/MendInstall.cmake):
#   OUT/.build-id/NN/REST.debug   objcopy --only-keep-debug of LIB
# named by LIB's GNU build id, where gdb looks for it under its
# debug-file-directory (/usr/lib/debug). OUT is emptied first, so only the
# current library's file is ever installed.
# Variables: LIB, OUT, OBJCOPY, READELF.
execute_process(COMMAND "${READELF}" -n "${LIB}" OUTPUT_VARIABLE _notes RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0 OR NOT _notes MATCHES "Build ID: ([0-9a-f][0-9a-f])([0-9a-f]+)")
    message(FATAL_ERROR "MendDebugInfo: ${LIB} has no GNU build id (link with --build-id)")
endif()
set(_dir "${OUT}/.build-id/${CMAKE_MATCH_1}")
set(_file "${_dir}/${CMAKE_MATCH_2}.debug")
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${_dir}")
execute_process(COMMAND "${OBJCOPY}" --only-keep-debug "${LIB}" "${_file}" RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "MendDebugInfo: objcopy --only-keep-debug ${LIB} failed")
endif()
