raise RuntimeError("+private/ is not a route and must never be imported")
