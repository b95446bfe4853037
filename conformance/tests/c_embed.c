/* The embed ABI from C. It proves that include/clrhost/embed.h compiles as C11 and that a C
 * program links the embed library and gets its answers (CTest embed.c-abi): a start without
 * options is refused with E_POINTER and one line naming the fix, which it prints.
 */
#include <clrhost/embed.h>

#include <stddef.h>
#include <stdio.h>

/* The layout C++ hosts are built with. */
#define POINTER sizeof(void*)
_Static_assert(offsetof(clrhost_embed_options, struct_size) == 0, "struct_size moved");
_Static_assert(offsetof(clrhost_embed_options, abi_version) == 4, "abi_version moved");
_Static_assert(offsetof(clrhost_embed_options, trace_path) == 8, "trace_path moved");
_Static_assert(offsetof(clrhost_embed_options, host_name) == 8 + POINTER, "host_name moved");
_Static_assert(offsetof(clrhost_embed_options, driver) == 8 + 2 * POINTER, "driver moved");
_Static_assert(offsetof(clrhost_embed_options, runtime) == 8 + 3 * POINTER, "runtime moved");
_Static_assert(sizeof(clrhost_embed_options) == 8 + 4 * POINTER, "fields added or removed");
_Static_assert(sizeof(clrhost_hresult) == 4, "an HRESULT is 32 bits");

int main(void)
{
    static int not_a_session;
    /* Anything but null: start must clear it when it fails. */
    clrhost_embed_session* session = (clrhost_embed_session*)(void*)&not_a_session;
    const clrhost_hresult status = clrhost_embed_start(NULL, NULL, &session);
    printf("clrhost_embed_start(NULL): 0x%08X, session %s: %s\n", (unsigned)status,
           session ? "set" : "null", clrhost_embed_last_error());
    clrhost_embed_close(session); /* null: ignored */
    return status == (clrhost_hresult)0x80004003u /* E_POINTER */ && !session ? 0 : 1;
}
