# Compiles the generic kernel sources once per ISA, each copy with only that
# ISA's flags and its own symbol suffix (see kernels/isa.h).
#
#   rectify_add_kernels(<suffix> <RECTIFY_ISA_...> <layer> [flags...])
#
# creates the object library rectify_kernels_<suffix> and appends its objects
# to RECTIFY_KERNEL_OBJECTS in the caller's scope.

set(RECTIFY_KERNEL_SOURCES
    ${PROJECT_SOURCE_DIR}/kernels/pointwise.c
    ${PROJECT_SOURCE_DIR}/kernels/rrelu.c
    ${PROJECT_SOURCE_DIR}/kernels/crelu.c
    ${PROJECT_SOURCE_DIR}/kernels/exponential.c
    ${PROJECT_SOURCE_DIR}/kernels/table.c)
# Compiled once more per storage type, bf16 and fp16 (kernels/storage.h).
set(RECTIFY_HALF_KERNEL_SOURCES
    ${PROJECT_SOURCE_DIR}/kernels/pointwise.c
    ${PROJECT_SOURCE_DIR}/kernels/exponential.c
    ${PROJECT_SOURCE_DIR}/kernels/half.c)

# The float kernels are rectify_kernels_<suffix>; the bf16 and fp16 ones
# rectify_kernels_<suffix>_bf16 and _f16 (their objects are listed after the
# float ones). Options for all of them: set_property on each target, or
# rectify_kernel_targets(<suffix> var). Where RECTIFY_WORDS_BW_FLAGS_<suffix>
# is defined (empty or not), the AVX512BW word kernels too, with those flags.
function(rectify_add_kernels suffix isa layer)
  set(objects)
  foreach(storage f32 bf16 f16)
    if(storage STREQUAL "f32")
      set(target rectify_kernels_${suffix})
      add_library(${target} OBJECT ${RECTIFY_KERNEL_SOURCES})
    else()
      set(target rectify_kernels_${suffix}_${storage})
      add_library(${target} OBJECT ${RECTIFY_HALF_KERNEL_SOURCES})
    endif()
    string(TOUPPER ${storage} upper)
    target_include_directories(${target} PRIVATE
        ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/kernels)
    target_compile_definitions(${target} PRIVATE
        "RECTIFY_SIMD_HEADER=\"simd/${layer}.h\""
        RECTIFY_KERNEL_SUFFIX=${suffix}
        RECTIFY_KERNEL_ISA=${isa}
        RECTIFY_STORAGE=RECTIFY_STORAGE_${upper})
    target_compile_options(${target} PRIVATE ${RECTIFY_WARNINGS} ${ARGN})
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    target_link_libraries(${target} PRIVATE PkgConfig::SLEEF)
    list(APPEND objects $<TARGET_OBJECTS:${target}>)
    # The 512-bit word kernels (kernels/words_bw.c) as rectify_kernels_<suffix>bw_<storage>,
    # their symbols suffixed <suffix>bw; this set's word kernels hand over to them.
    if(NOT storage STREQUAL "f32" AND DEFINED RECTIFY_WORDS_BW_FLAGS_${suffix})
      target_compile_definitions(${target} PRIVATE RECTIFY_WORDS_HAND_OVER)
      set(bw rectify_kernels_${suffix}bw_${storage})
      add_library(${bw} OBJECT ${PROJECT_SOURCE_DIR}/kernels/words_bw.c)
      target_include_directories(${bw} PRIVATE
          ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/kernels)
      target_compile_definitions(${bw} PRIVATE
          "RECTIFY_SIMD_HEADER=\"simd/${layer}.h\""
          RECTIFY_KERNEL_SUFFIX=${suffix}bw
          RECTIFY_KERNEL_ISA=${isa}
          RECTIFY_STORAGE=RECTIFY_STORAGE_${upper}
          RECTIFY_WORDS_BW)
      target_compile_options(${bw} PRIVATE ${RECTIFY_WARNINGS} ${ARGN}
          ${RECTIFY_WORDS_BW_FLAGS_${suffix}})
      set_target_properties(${bw} PROPERTIES POSITION_INDEPENDENT_CODE ON)
      list(APPEND objects $<TARGET_OBJECTS:${bw}>)
    endif()
  endforeach()
  set(RECTIFY_KERNEL_OBJECTS ${RECTIFY_KERNEL_OBJECTS} ${objects} PARENT_SCOPE)
  set(RECTIFY_KERNEL_OBJECTS_${suffix} ${objects} PARENT_SCOPE)
endfunction()

# The object libraries of one rectify_add_kernels suffix, in `out`.
function(rectify_kernel_targets suffix out)
  set(targets rectify_kernels_${suffix} rectify_kernels_${suffix}_bf16
      rectify_kernels_${suffix}_f16)
  if(DEFINED RECTIFY_WORDS_BW_FLAGS_${suffix})
    list(APPEND targets rectify_kernels_${suffix}bw_bf16 rectify_kernels_${suffix}bw_f16)
  endif()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The kernels the registry lists: their names in `out`, and, if a second
# variable is given, "arity:name" for each in that one.
function(rectify_registry_kernels out)
  file(READ ${PROJECT_SOURCE_DIR}/kernels/registry.h text)
  # Entries are lines that start with blanks and X(; the comments do not.
  string(REGEX MATCHALL "\n +X\\([a-z0-9_]+, *[a-z0-9_]+\\)" entries "${text}")
  set(names)
  set(pairs)
  foreach(e IN LISTS entries)
    string(REGEX REPLACE ".*X\\(([a-z0-9_]+), *([a-z0-9_]+)\\).*" "\\1" name "${e}")
    string(REGEX REPLACE ".*X\\(([a-z0-9_]+), *([a-z0-9_]+)\\).*" "\\2:\\1" pair "${e}")
    list(APPEND names ${name})
    list(APPEND pairs ${pair})
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
  if(ARGC GREATER 1)
    set(${ARGV1} ${pairs} PARENT_SCOPE)
  endif()
endfunction()
