package textnorm

// lookalike maps letters of other scripts that look like Latin letters to the
// Latin letter a reader sees. No confusables module is reachable from here, so
// this is our own short table: the Cyrillic and Greek letters that appear in
// brand spoofs ("Мicrosoft", "Wіndows"), and a few symbols.
var lookalike = map[rune]rune{
	// Cyrillic lower case.
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o',
	'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'і': 'i', 'ї': 'i', 'ј': 'j',
	'ѕ': 's', 'ԁ': 'd', 'ӏ': 'l', 'ɡ': 'g', 'ԛ': 'q', 'ԝ': 'w', 'ո': 'n', 'ս': 'u',
	// Cyrillic upper case (folded straight to Latin lower case).
	'А': 'a', 'В': 'b', 'Е': 'e', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p',
	'С': 'c', 'Т': 't', 'У': 'y', 'Х': 'x', 'І': 'i', 'Ј': 'j', 'Ѕ': 's', 'Ԁ': 'd',
	// Greek.
	'α': 'a', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't',
	'υ': 'u', 'χ': 'x', 'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i',
	'Κ': 'k', 'Μ': 'm', 'Ν': 'n', 'Ο': 'o', 'Ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x',
	// Latin oddities.
	'ı': 'i', 'ɩ': 'i', 'ʟ': 'l', 'ɑ': 'a', 'ℓ': 'l',
}
