# Installation: what `cmake --install build --prefix P` lays out.
#
#   P/include/mend/*.h                    the public C headers
#   P/lib/libmend.so.0.1.0                the library (SONAME libmend.so.0),
#   P/lib/libmend.so.0 -> libmend.so.0.1.0  its runtime link,
#   P/lib/libmend.so   -> libmend.so.0      and its development link
#   P/bin/mend                            the CLI, RUNPATH $ORIGIN/../lib
#   P/lib/cmake/mend/                     find_package(mend 0.1) -> mend::mend
#   P/lib/pkgconfig/mend.pc               pkg-config --cflags --libs mend
#
# ("lib" is CMAKE_INSTALL_LIBDIR from GNUInstallDirs.) Every installed path is
# relative to the prefix, so one build installs into any prefix given at
# install time: the CLI's RUNPATH, the CMake package and mend.pc all find the
# library from where they are.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The CLI finds libmend relative to itself: $ORIGIN/../lib for the default
# layout. The build tree keeps its own RPATH to build/.
file(RELATIVE_PATH _mend_bin_to_lib
    "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
set_target_properties(mend_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${_mend_bin_to_lib}")

set(MEND_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/mend" CACHE STRING
    "Where the CMake package (mendConfig.cmake) is installed, relative to the prefix")
set(MEND_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig" CACHE STRING
    "Where mend.pc is installed, relative to the prefix")

# Components (the Debian packages of cmake/MendPackage.cmake): runtime (the
# library and its SONAME link), dev (headers, libmend.so, the CMake package,
# mend.pc), cli and debug (below). Without --component, cmake --install
# installs all but debug.
install(TARGETS mend EXPORT mendTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS mend_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(DIRECTORY include/mend DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
    FILES_MATCHING PATTERN "*.h")

# Debug information, installed apart: `cmake --install build --strip` and the
# .deb (CPACK_STRIP_FILES) install the library stripped; its DWARF goes to
# build/debug/.build-id/NN/REST.debug after every link (cmake/MendDebugInfo.cmake)
# and the `debug` component installs it to PREFIX/lib/debug/.build-id/, where
# gdb finds it by the library's build id (for /usr, its default
# debug-file-directory /usr/lib/debug; for another prefix,
# `set debug-file-directory PREFIX/lib/debug`). Not part of a plain
# `cmake --install`: ask for it with `--component debug`.
if(CMAKE_OBJCOPY AND CMAKE_READELF)
    add_custom_command(TARGET mend POST_BUILD
        COMMAND ${CMAKE_COMMAND} -DLIB=$<TARGET_FILE:mend> -DOUT=${PROJECT_BINARY_DIR}/debug
                -DOBJCOPY=${CMAKE_OBJCOPY} -DREADELF=${CMAKE_READELF}
                -P ${PROJECT_SOURCE_DIR}/cmake/MendDebugInfo.cmake
        VERBATIM)
    install(DIRECTORY ${PROJECT_BINARY_DIR}/debug/ DESTINATION lib/debug
        COMPONENT debug EXCLUDE_FROM_ALL)
endif()

# The CMake package: mend::mend carries the include directory; libmend's own
# dependencies (SOCI, SQLite, libpq, ...) are private to the shared library.
install(EXPORT mendTargets NAMESPACE mend:: DESTINATION ${MEND_INSTALL_CMAKEDIR} COMPONENT dev)
configure_package_config_file(cmake/templates/mendConfig.cmake.in
    "${PROJECT_BINARY_DIR}/mendConfig.cmake"
    INSTALL_DESTINATION ${MEND_INSTALL_CMAKEDIR}
    NO_SET_AND_CHECK_MACRO NO_CHECK_REQUIRED_COMPONENTS_MACRO)
# Within a major version the ABI holds (SONAME libmend.so.MAJOR), so any
# 0.x >= the requested one satisfies find_package(mend 0.x).
write_basic_package_version_file("${PROJECT_BINARY_DIR}/mendConfigVersion.cmake"
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/mendConfig.cmake" "${PROJECT_BINARY_DIR}/mendConfigVersion.cmake"
    DESTINATION ${MEND_INSTALL_CMAKEDIR} COMPONENT dev)

# mend.pc: its prefix is found from the file's own place (${pcfiledir}), so
# the installed tree can live under any prefix.
foreach(_dir IN ITEMS LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${_dir}}")
        set(MEND_PC_${_dir} "${CMAKE_INSTALL_${_dir}}")
    else()
        set(MEND_PC_${_dir} "\${prefix}/${CMAKE_INSTALL_${_dir}}")
    endif()
endforeach()
if(IS_ABSOLUTE "${MEND_INSTALL_PKGCONFIGDIR}")
    set(MEND_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
    file(RELATIVE_PATH _mend_pc_to_prefix
        "${CMAKE_INSTALL_PREFIX}/${MEND_INSTALL_PKGCONFIGDIR}" "${CMAKE_INSTALL_PREFIX}")
    string(REGEX REPLACE "/$" "" _mend_pc_to_prefix "${_mend_pc_to_prefix}")
    set(MEND_PC_PREFIX "\${pcfiledir}/${_mend_pc_to_prefix}")
endif()
configure_file(cmake/templates/mend.pc.in "${PROJECT_BINARY_DIR}/mend.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/mend.pc" DESTINATION ${MEND_INSTALL_PKGCONFIGDIR} COMPONENT dev)
