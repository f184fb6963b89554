# Installation: the header, the shared and static libraries, rectify-info,
# a CMake package (find_package(rectify CONFIG)) and rectify.pc, laid out by
# GNUInstallDirs. Consumers pick the library by target:
#   rectify::rectify         librectify.so (SONAME librectify.so.MAJOR)
#   rectify::rectify_static  librectify.a, with its dependencies
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The header's version macros must say what project() says.
file(STRINGS ${PROJECT_SOURCE_DIR}/include/rectify.h rectify_version_lines
     REGEX "^#define RECTIFY_VERSION_(MAJOR|MINOR|PATCH|STRING) ")
set(rectify_header_version)
foreach(part MAJOR MINOR PATCH)
  string(REGEX MATCH "RECTIFY_VERSION_${part} +([0-9]+)" _ "${rectify_version_lines}")
  list(APPEND rectify_header_version ${CMAKE_MATCH_1})
endforeach()
list(JOIN rectify_header_version "." rectify_header_version)
string(REGEX MATCH "RECTIFY_VERSION_STRING +\"([^\"]*)\"" _ "${rectify_version_lines}")
if(NOT rectify_header_version STREQUAL PROJECT_VERSION
   OR NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "include/rectify.h says version ${rectify_header_version} "
                      "(\"${CMAKE_MATCH_1}\"), CMakeLists.txt says ${PROJECT_VERSION}")
endif()

target_sources(rectify_core PRIVATE src/version.c)

foreach(lib rectify rectify_static)
  target_include_directories(${lib} INTERFACE
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
endforeach()
set_target_properties(rectify_static PROPERTIES EXPORT_NAME rectify_static)

install(FILES include/rectify.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS rectify EXPORT rectifyTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The static library is a separate export set, loaded by the package only
# when its dependencies (SLEEF through pkg-config) are found.
install(TARGETS rectify_static EXPORT rectifyStaticTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS rectify-info RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(RECTIFY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rectify)
install(EXPORT rectifyTargets NAMESPACE rectify:: DESTINATION ${RECTIFY_CMAKE_DIR})
install(EXPORT rectifyStaticTargets NAMESPACE rectify:: DESTINATION ${RECTIFY_CMAKE_DIR})
configure_package_config_file(cmake/rectifyConfig.cmake.in
    ${PROJECT_BINARY_DIR}/rectifyConfig.cmake
    INSTALL_DESTINATION ${RECTIFY_CMAKE_DIR})
# Same MAJOR = same SONAME = compatible (README, "Versioning and ABI").
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rectifyConfigVersion.cmake
    COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rectifyConfig.cmake
              ${PROJECT_BINARY_DIR}/rectifyConfigVersion.cmake
        DESTINATION ${RECTIFY_CMAKE_DIR})

# rectify.pc finds its prefix relative to itself, so the installed tree may
# be moved (and `cmake --install --prefix` needs no reconfigure). (Absolute
# CMAKE_INSTALL_LIBDIR or INCLUDEDIR give absolute paths instead.)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(RECTIFY_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(RECTIFY_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(RECTIFY_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH rectify_pc_up /r/${CMAKE_INSTALL_LIBDIR}/pkgconfig /r)
  string(REGEX REPLACE "/$" "" rectify_pc_up "${rectify_pc_up}")
  set(RECTIFY_PC_PREFIX "\${pcfiledir}/${rectify_pc_up}")
  set(RECTIFY_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(RECTIFY_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# The default thread pool's library, for static links (it has no .pc file).
set(RECTIFY_PC_PTHREADPOOL "")
if(RECTIFY_HAVE_PTHREADPOOL)
  set(RECTIFY_PC_PTHREADPOOL " -lpthreadpool")
endif()
configure_file(cmake/rectify.pc.in ${PROJECT_BINARY_DIR}/rectify.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rectify.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
