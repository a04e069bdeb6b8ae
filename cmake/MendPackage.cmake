# Debian packages (CPack): cd build && cpack -G DEB, then
# apt-get install ./libmend0_*.deb ./libmend-dev_*.deb ./mend_*.deb
#   libmend0      the runtime library (libmend.so.0.X.Y, libmend.so.0)
#   libmend-dev   headers, the libmend.so link, the CMake package, mend.pc
#   mend          the command line
#   libmend0-dbgsym  libmend's debug information (/usr/lib/debug/.build-id/),
#                 for gdb and crash reports; the packages above are stripped
set(CPACK_PACKAGE_NAME mend)
set(CPACK_PACKAGE_VENDOR "mend")
set(CPACK_PACKAGE_CONTACT "mend maintainers <mend@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Clinical records and protocols for recovery work after infidelity and betrayal trauma")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev cli)
if(CMAKE_OBJCOPY AND CMAKE_READELF)
    list(APPEND CPACK_COMPONENTS_ALL debug)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends on the system libraries from dpkg-shlibdeps; the CLI's libmend.so.0
# is found in the build tree and depended on as a component (libmend0 (= X)).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${PROJECT_BINARY_DIR}")
# libmend0 ships a shlibs file and calls ldconfig on install and removal.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME "libmend${PROJECT_VERSION_MAJOR}")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "mend: the C library (libmend.so.${PROJECT_VERSION_MAJOR})")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libmend-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DESCRIPTION "mend: C headers, CMake package and pkg-config file")
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
set(CPACK_DEBIAN_CLI_PACKAGE_NAME mend)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_CLI_DESCRIPTION "mend: the command line")
set(CPACK_COMPONENT_CLI_DEPENDS runtime)
set(CPACK_DEBIAN_DEBUG_PACKAGE_NAME "libmend${PROJECT_VERSION_MAJOR}-dbgsym")
set(CPACK_DEBIAN_DEBUG_PACKAGE_SECTION debug)
set(CPACK_DEBIAN_DEBUG_PACKAGE_SHLIBDEPS OFF)
set(CPACK_COMPONENT_DEBUG_DESCRIPTION "mend: debug information of libmend.so.${PROJECT_VERSION_MAJOR}")
set(CPACK_COMPONENT_DEBUG_DEPENDS runtime)
include(CPack)
