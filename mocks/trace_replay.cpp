#include "trace_replay.h"

#include <clrhost/com_ptr.h>

namespace clrhost::mocks {

void replay_calls(IHostTaskManager& host, const std::vector<trace::TraceCall>& calls)
{
    for (const auto& call : calls) {
        const SIZE_T target = call.target.value_or(0);
        switch (call.call) {
        case trace::CallKind::GetCurrentTask: {
            ComPtr<IHostTask> task;
            host.GetCurrentTask(task.put());
            break;
        }
        case trace::CallKind::CallNeedsHostHook: {
            BOOL needs_hook = FALSE_;
            host.CallNeedsHostHook(target, &needs_hook);
            break;
        }
        case trace::CallKind::LeaveRuntime:
            host.LeaveRuntime(target);
            break;
        case trace::CallKind::EnterRuntime:
            host.EnterRuntime();
            break;
        case trace::CallKind::ReverseEnterRuntime:
            host.ReverseEnterRuntime();
            break;
        case trace::CallKind::ReverseLeaveRuntime:
            host.ReverseLeaveRuntime();
            break;
        }
    }
}

} // namespace clrhost::mocks
