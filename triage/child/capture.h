/* The child side of crash capture: a SA_SIGINFO handler on an alternate
 * stack that sends a cfv_tr_record and /proc/self/maps to the report pipe,
 * then lets the signal kill the process. Only triage children link this. */
#ifndef CFV_TRIAGE_CAPTURE_H
#define CFV_TRIAGE_CAPTURE_H

/* Arms the handler for SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and SIGTRAP
 * and turns core files off. report_fd: where the record goes. 0, or -1
 * with errno set. Call once, before the code under test runs. */
int cfv_tc_arm(int report_fd);

/* What the child is about to evaluate, copied into the record. */
void cfv_tc_note(int sensor, int type);

#endif
