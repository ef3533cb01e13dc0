package three

type T struct{}

func (T) M() int { return 2 }

func c() int { return T{}.M() }

// lonely is in no pair: nothing calls it and it calls nothing here.
func lonely() {}
