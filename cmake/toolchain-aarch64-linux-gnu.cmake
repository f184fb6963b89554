# Cross build for 64-bit Arm Linux with Debian's cross toolchain, tests run
# under qemu's user-mode emulator:
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake
#   cmake --build build-aarch64 && ctest --test-dir build-aarch64
# scripts/deps-aarch64.sh installs what this needs: gcc-aarch64-linux-gnu,
# qemu-user, and the arm64 SLEEF and CMocka from Debian multiarch
# (libsleef-dev:arm64 libcmocka-dev:arm64), which live beside the native ones
# under /usr/lib/aarch64-linux-gnu and /usr/include/aarch64-linux-gnu.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
# binutils (nm, objdump, ar) are found by the compiler's prefix:
# CMAKE_NM is aarch64-linux-gnu-nm.

# The cross libc lives in /usr/aarch64-linux-gnu; the multiarch libraries
# (SLEEF, CMocka) in /usr/lib/aarch64-linux-gnu.
set(RECTIFY_AARCH64_SYSROOT /usr/aarch64-linux-gnu)

# pkg-config reads the arm64 .pc files only, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# ctest prepends this to every test executable. LD_LIBRARY_PATH makes the
# emulated loader take libc from the same cross libc it came from.
find_program(RECTIFY_QEMU_AARCH64 NAMES qemu-aarch64 qemu-aarch64-static REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR
    ${RECTIFY_QEMU_AARCH64} -L ${RECTIFY_AARCH64_SYSROOT}
    -E LD_LIBRARY_PATH=${RECTIFY_AARCH64_SYSROOT}/lib:/usr/lib/aarch64-linux-gnu)
