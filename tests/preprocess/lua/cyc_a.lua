local b = require("cyc_b")
return { b = b }
