package three

// Start calls b, then c, then b again.
func Start() int { return b() + c() + b() }
