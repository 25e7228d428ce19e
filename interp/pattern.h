/* pattern.h - Lua 5.4 pattern matching with a step budget: string.find, string.match,
 * string.gmatch and string.gsub for sandboxed states.
 *
 * Lua's own matcher is C code that never returns to the VM while it backtracks, so the
 * instruction budget's count hook cannot stop it: ("a*"):rep(30) .. "b" against 30,000 a's
 * runs for hours. This is a separate implementation of the same language (classes, sets,
 * quantifiers * + - ?, anchors, captures and position captures, %b, %f, back-references,
 * gsub's string/table/function replacements, find's init and plain arguments, gmatch's init)
 * with the same results and error messages, which counts its steps (one per pattern item tried
 * at a subject position, plus bytes compared or scanned) and charges them to the state's
 * instruction budget (li_state_charge). When the budget runs out the call raises
 * "instruction limit exceeded in string.<fn> (pattern matching)", located at the Lua line
 * that called it, and the budget stays tripped like any instruction-limit error.
 *
 * Use only in states made by li_state_new (the charging reaches the state's budget through
 * its allocator userdata). */
#ifndef LI_PATTERN_H
#define LI_PATTERN_H

#include <lua.h>

/* Sets find, match, gmatch and gsub in the table at idx (the sandbox's string table). */
void li_pattern_install(lua_State *L, int idx);

#endif
