# cmake/pgo.cmake: profile-guided optimisation of the Release build (GILPY_PGO, GCC only).
#
# Like CPython's `--enable-optimizations`, gilpy is built twice:
#  1. an instrumented copy (-fprofile-generate) is built as an external project in
#     <build>/pgo-generate, with the tests off;
#  2. it runs the training scripts in bench/pgo/ (cmake/pgo_train.cmake), which leave
#     the branch and call counts in <build>/pgo-data;
#  3. every target of this build compiles with -fprofile-use against them, so the hot
#     paths of the eval loop are laid out straight and the cold ones moved aside.
# -fprofile-prefix-path makes the profile files name objects relative to each build
# directory, so that the two builds find each other's files. A source change rebuilds
# the instrumented copy, retrains and then recompiles everything: configure a
# development build with -DGILPY_PGO=OFF to iterate quickly.
include(ExternalProject)

set(GILPY_PGO_GEN_DIR ${CMAKE_BINARY_DIR}/pgo-generate)
set(GILPY_PGO_DATA_DIR ${CMAKE_BINARY_DIR}/pgo-data)
set(GILPY_PGO_STAMP ${GILPY_PGO_DATA_DIR}/trained.stamp)

ExternalProject_Add(gilpy_pgo_generate
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${GILPY_PGO_GEN_DIR}
  CMAKE_ARGS -DCMAKE_BUILD_TYPE=Release -DGILPY_PGO=OFF -DGILPY_TESTS=OFF -DGILPY_BENCH=OFF
             -DGILPY_PRECOMPILE_STDLIB=OFF
             "-DCMAKE_CXX_FLAGS=-fprofile-generate=${GILPY_PGO_DATA_DIR} -fprofile-prefix-path=${GILPY_PGO_GEN_DIR} -fprofile-update=atomic"
             -DCMAKE_EXE_LINKER_FLAGS=-fprofile-generate
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  BUILD_BYPRODUCTS ${GILPY_PGO_GEN_DIR}/gilpy)

file(GLOB GILPY_PGO_TRAINING CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/bench/pgo/*.py)
add_custom_command(
  OUTPUT ${GILPY_PGO_STAMP}
  COMMAND ${CMAKE_COMMAND} -DGILPY=${GILPY_PGO_GEN_DIR}/gilpy -DDATA_DIR=${GILPY_PGO_DATA_DIR}
          -DSTAMP=${GILPY_PGO_STAMP} "-DSCRIPTS=${GILPY_PGO_TRAINING}" -P ${CMAKE_SOURCE_DIR}/cmake/pgo_train.cmake
  DEPENDS ${GILPY_PGO_GEN_DIR}/gilpy ${GILPY_PGO_TRAINING} ${CMAKE_SOURCE_DIR}/cmake/pgo_train.cmake
  COMMENT "PGO: training the instrumented gilpy on bench/pgo/*.py"
  VERBATIM)
add_custom_target(gilpy_pgo_profile DEPENDS ${GILPY_PGO_STAMP})
add_dependencies(gilpy_pgo_profile gilpy_pgo_generate)

# Threads run native code outside the GIL (spinning waiters, blocking calls), so counters
# are updated atomically above, and -fprofile-correction smooths what is left rather
# than failing the build with "profile data is not flow-consistent".
add_compile_options(-fprofile-use=${GILPY_PGO_DATA_DIR} -fprofile-prefix-path=${CMAKE_BINARY_DIR}
                    -fprofile-partial-training -fprofile-correction -Wno-missing-profile)

# Called after the targets exist: each compiles after training and again when it reruns.
# Generated sources (the frozen Python modules and their table) sit in each build directory, so their
# functions' source locations differ between the two builds and GCC would reject their
# profile as out of date: they compile without one.
function(gilpy_use_pgo_profile)
  foreach(target IN LISTS ARGN)
    add_dependencies(${target} gilpy_pgo_profile)
    get_target_property(sources ${target} SOURCES)
    foreach(source IN LISTS sources)
      set_source_files_properties(${source} TARGET_DIRECTORY ${target}
                                  PROPERTIES OBJECT_DEPENDS ${GILPY_PGO_STAMP})
      get_source_file_property(generated ${source} TARGET_DIRECTORY ${target} GENERATED)
      if(generated)
        set_source_files_properties(${source} TARGET_DIRECTORY ${target}
                                    PROPERTIES COMPILE_OPTIONS -fno-profile-use)
      endif()
    endforeach()
  endforeach()
endfunction()
