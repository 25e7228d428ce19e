local a = require("cyc_a")
return { a = a }
