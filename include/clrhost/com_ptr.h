// RAII for COM-style references, and a reference count for objects that implement interfaces.
#pragma once

#include <clrhost/hosting_abi.h>

#include <atomic>
#include <memory>
#include <utility>

namespace clrhost {

// Owns one reference to an interface pointer.
template <class T> class ComPtr {
public:
    ComPtr() = default;
    ComPtr(std::nullptr_t) {}
    // Takes over a reference the caller already owns (a create function's out parameter).
    static ComPtr adopt(T* raw) noexcept
    {
        ComPtr result;
        result.ptr_ = raw;
        return result;
    }
    // Adds a reference of its own.
    static ComPtr share(T* raw) noexcept
    {
        if (raw)
            raw->AddRef();
        return adopt(raw);
    }
    ComPtr(const ComPtr& other) noexcept : ptr_(other.ptr_)
    {
        if (ptr_)
            ptr_->AddRef();
    }
    ComPtr(ComPtr&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
    ComPtr& operator=(ComPtr other) noexcept
    {
        std::swap(ptr_, other.ptr_);
        return *this;
    }
    ~ComPtr() { reset(); }

    void reset() noexcept
    {
        if (auto* old = std::exchange(ptr_, nullptr))
            old->Release();
    }
    T* get() const noexcept { return ptr_; }
    T* operator->() const noexcept { return ptr_; }
    T& operator*() const noexcept { return *ptr_; }
    explicit operator bool() const noexcept { return ptr_ != nullptr; }
    // For out parameters: releases what it held and hands out the slot.
    T** put() noexcept
    {
        reset();
        return &ptr_;
    }
    // Gives up the reference without releasing it (to hand it out through an out parameter).
    T* detach() noexcept { return std::exchange(ptr_, nullptr); }

private:
    T* ptr_ = nullptr;
};

// A reference count for an object created by make_com; deletes the object at zero.
template <class Derived> class RefCounted {
protected:
    ULONG add_ref() noexcept { return count_.fetch_add(1, std::memory_order_relaxed) + 1; }
    ULONG release() noexcept
    {
        const auto left = count_.fetch_sub(1, std::memory_order_acq_rel) - 1;
        if (left == 0)
            std::unique_ptr<Derived> dying(static_cast<Derived*>(this));
        return left;
    }

private:
    std::atomic<ULONG> count_{1};
};

// Creates an object with one reference, owned by the returned ComPtr.
template <class T, class... Args> ComPtr<T> make_com(Args&&... args)
{
    return ComPtr<T>::adopt(std::make_unique<T>(std::forward<Args>(args)...).release());
}

} // namespace clrhost
