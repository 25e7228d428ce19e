quiet = "yes please"
