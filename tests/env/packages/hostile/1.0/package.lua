-- Values no shell may mangle: every one must reach the child byte for byte.
name = "hostile"
version = "1.0"
requires = {"envbase-2"}
tools = {"hostile-tool"}

function commands()
    env.H_SPACES = literal("a  b   c ")
    env.H_SQUOTE = literal("it's 'quoted'")
    env.H_DQUOTE = literal('say "hi" \\"there\\"')
    env.H_DOLLAR = literal("$HOME ${USER} $(id) $$ $1")
    env.H_BACKTICK = literal("`id` and `echo x`")
    env.H_PERCENT = literal("100% %PATH% %%")
    env.H_BANG = literal("hello! !! !$ !-1")
    env.H_NEWLINE = literal("line1\nline2\n\nline4")
    env.H_UTF8 = literal("héllo wörld — 日本語 🎉")
    env.H_GLOB = literal("* ? [a-z] ~ ~/x")
    env.H_MIX = literal("a;b|c&d<e>f(g)h{i}j\\k'l\"m$n`o%p!q#r")
    env.H_TAB = literal("a\tb")
    env.H_EXPANDED = "{root}/with space"
    env.H_REF = "${H_SPACES}|$H_SQUOTE"
    env.PATH:prepend("{root}/bin")
end
