# cmake/pgo_train.cmake: the training run of a PGO build (see cmake/pgo.cmake).
# Usage: cmake -DGILPY=<instrumented gilpy> -DDATA_DIR=<profile dir> -DSTAMP=<file>
#              -DSCRIPTS=<a;list;of;scripts> -P pgo_train.cmake
# Old counts are removed first (they would add up across trainings); a failing script
# fails the build, since its profile would be misleading.
file(GLOB_RECURSE old_counts ${DATA_DIR}/*.gcda)
if(old_counts)
  file(REMOVE ${old_counts})
endif()
foreach(script IN LISTS SCRIPTS)
  execute_process(COMMAND ${GILPY} ${script} OUTPUT_QUIET RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "PGO training failed: ${GILPY} ${script} exited with ${status}")
  endif()
endforeach()
file(TOUCH ${STAMP})
