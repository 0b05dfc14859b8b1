/* seconds.h: time limits given on a command line (formats/README.md, "Limits") */
#ifndef GV_SECONDS_H
#define GV_SECONDS_H

#include <stdint.h>

/*
 * Parse a number of seconds written as a decimal with at most 3 fraction
 * digits ("60", "0.5", "0.001") into milliseconds. Accepted: 0.001 to
 * 1000000 seconds. Returns 0, or -1 for anything else (sign, exponent,
 * spaces, a fourth decimal, zero, too large); *ms is set only on success.
 */
int gv_parse_seconds(const char *s, uint64_t *ms);

#endif
