/* A program that crashes (a write through a null pointer). Its test must fail under Wine: a test
 * program that crashes is reported as failed, not passed, whatever Wine prints as it dies
 * (windows.cmake, "The harness"). */
int main(void)
{
    volatile int* nowhere = 0;
    *nowhere = 1;
    return 0;
}
