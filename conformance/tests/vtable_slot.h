// Reads a virtual method's vtable slot without calling it. The Itanium C++ ABI (g++ and clang on
// Linux) stores a pointer to a virtual member function as 1 + the byte offset of its vtable entry.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace clrhost::fixtures {

template <class Method> std::size_t slot_of(Method method)
{
    static_assert(sizeof(Method) == 2 * sizeof(std::uintptr_t), "Itanium member pointer");
    std::uintptr_t words[2];
    std::memcpy(words, &method, sizeof words);
    EXPECT_EQ(words[0] & 1u, 1u) << "not a virtual member";
    EXPECT_EQ(words[1], 0u) << "this-adjustment: not single inheritance";
    return (words[0] - 1) / sizeof(void*);
}

} // namespace clrhost::fixtures

#define EXPECT_SLOT(Iface, Method, N)                                                              \
    EXPECT_EQ(::clrhost::fixtures::slot_of(&Iface::Method), std::size_t{N}) << #Iface "::" #Method
