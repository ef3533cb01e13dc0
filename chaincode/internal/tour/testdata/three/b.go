package three

func b() int { return inner() }

func inner() int { return 1 }
