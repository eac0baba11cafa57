//! Redemption codes: minted here, typed or pasted by buyers, imported from the Flask app.

use std::fmt;

/// Unambiguous symbols: no 0/O, 1/I/L, so a code read aloud or off a screen survives.
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 16 symbols of 31 carry ~79 bits: guessing one of a million live codes stays hopeless.
const SYMBOLS: usize = 16;
const GROUP: usize = 4;
/// Bytes of randomness `Code::mint` consumes.
pub const RANDOM_BYTES: usize = 16;

/// A code as stored: upper case, trimmed, 3..=64 of `[A-Z0-9-]`.
///
/// Lookups accept codes of other formats too (`WORKING-001`, imported from the Flask app),
/// so the type promises the character set, not this project's own layout.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    TooShort,
    TooLong,
    BadCharacter(char),
}

impl CodeError {
    pub fn message(&self) -> String {
        match self {
            CodeError::Empty => "Enter your redemption code.".into(),
            CodeError::TooShort => "That code is too short. Check it and try again.".into(),
            CodeError::TooLong => "That code is too long. Check it and try again.".into(),
            CodeError::BadCharacter(c) => {
                format!("A code has only letters, digits and dashes; {c:?} is not part of one.")
            }
        }
    }
}

impl Code {
    /// Normalises what a buyer typed or pasted: surrounding and inner white space,
    /// case, and runs of dashes do not matter.
    pub fn parse(raw: &str) -> Result<Code, CodeError> {
        let mut s = String::with_capacity(raw.len());
        for c in raw.chars() {
            match c {
                c if c.is_whitespace() => {}
                // Dashes as pasted from chats and word processors.
                '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => {
                    if !s.is_empty() && !s.ends_with('-') {
                        s.push('-');
                    }
                }
                c if c.is_ascii_alphanumeric() => s.push(c.to_ascii_uppercase()),
                c => return Err(CodeError::BadCharacter(c)),
            }
        }
        while s.ends_with('-') {
            s.pop();
        }
        match s.len() {
            0 => Err(CodeError::Empty),
            1..=2 => Err(CodeError::TooShort),
            65.. => Err(CodeError::TooLong),
            _ => Ok(Code(s)),
        }
    }

    /// A fresh code `PREFIX-XXXX-XXXX-XXXX-XXXX` from caller-supplied random bytes
    /// (the core draws no randomness itself). The prefix must itself be a valid code part.
    pub fn mint(prefix: &Prefix, random: [u8; RANDOM_BYTES]) -> Code {
        let mut n = u128::from_le_bytes(random);
        let mut s = String::with_capacity(prefix.0.len() + 1 + SYMBOLS + SYMBOLS / GROUP);
        s.push_str(&prefix.0);
        for i in 0..SYMBOLS {
            if i % GROUP == 0 {
                s.push('-');
            }
            s.push(ALPHABET[(n % 31) as usize] as char);
            n /= 31;
        }
        Code(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What a code is matched by: the code without its separators, so `SMM XHFY J53V…`,
    /// `SMMXHFYJ53V…` and `SMM-XHFY-J53V-…` are one code. D1 keeps the same form as the
    /// generated column `codes.code_key` (`replace(code, '-', '')`, migration 0005).
    pub fn key(&self) -> String {
        self.0.replace('-', "")
    }

    /// For logs and support screens: the first group stays, the rest is hidden.
    pub fn masked(&self) -> String {
        let keep = self.0.len().min(8);
        let mut out = self.0[..keep].to_string();
        out.extend(
            self.0[keep..]
                .chars()
                .map(|c| if c == '-' { '-' } else { '*' }),
        );
        out
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The shop's code prefix (`SMM`, `YT`...): 1..=12 letters or digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix(String);

impl Prefix {
    pub fn parse(raw: &str) -> Option<Prefix> {
        let p = raw.trim().to_ascii_uppercase();
        let ok = (1..=12).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric());
        ok.then_some(Prefix(p))
    }
}

impl Default for Prefix {
    fn default() -> Self {
        Prefix("SMM".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_codes_have_the_shop_layout() {
        let c = Code::mint(&Prefix::default(), [7; RANDOM_BYTES]);
        let s = c.as_str();
        assert_eq!(s.len(), "SMM-XXXX-XXXX-XXXX-XXXX".len(), "{s}");
        assert!(s.starts_with("SMM-"));
        let groups: Vec<&str> = s.split('-').collect();
        assert_eq!(groups.len(), 5);
        for g in &groups[1..] {
            assert_eq!(g.len(), 4);
            assert!(g.bytes().all(|b| ALPHABET.contains(&b)), "{g}");
        }
        assert_eq!(Code::parse(s), Ok(c));
    }

    #[test]
    fn different_randomness_gives_different_codes() {
        let p = Prefix::parse("yt").unwrap();
        let mut seen = std::collections::HashSet::new();
        for i in 0..=255u8 {
            let mut r = [0u8; RANDOM_BYTES];
            r[i as usize % RANDOM_BYTES] = i;
            r[(i as usize + 5) % RANDOM_BYTES] ^= 0x5a;
            seen.insert(Code::mint(&p, r));
        }
        assert_eq!(seen.len(), 256);
        assert!(seen.iter().all(|c| c.as_str().starts_with("YT-")));
    }

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        for bad in b"01OIL" {
            assert!(!ALPHABET.contains(bad));
        }
        // Entropy: 16 symbols of 31 >= 64 bits.
        assert!(SYMBOLS as f64 * 31f64.log2() >= 64.0);
    }

    #[test]
    fn parsing_forgives_what_buyers_do() {
        let want = Code::parse("SMM-7QK4-M9XD-2HTC-AB3F").unwrap();
        for typed in [
            "smm-7qk4-m9xd-2htc-ab3f",
            "  SMM-7QK4-M9XD-2HTC-AB3F\n",
            "SMM - 7QK4 - M9XD - 2HTC - AB3F",
            "SMM--7QK4-M9XD-2HTC-AB3F-",
            "SMM\u{2013}7QK4\u{2013}M9XD\u{2013}2HTC\u{2013}AB3F",
        ] {
            assert_eq!(Code::parse(typed).as_ref(), Ok(&want), "{typed:?}");
        }
        // Imported codes keep their own shape.
        assert_eq!(
            Code::parse(" working-001 ").unwrap().as_str(),
            "WORKING-001"
        );
    }

    #[test]
    fn parsing_refuses_with_a_reason() {
        assert_eq!(Code::parse("   "), Err(CodeError::Empty));
        assert_eq!(Code::parse("ab"), Err(CodeError::TooShort));
        assert_eq!(Code::parse(&"A".repeat(65)), Err(CodeError::TooLong));
        assert_eq!(
            Code::parse("SMM'; DROP TABLE codes;--"),
            Err(CodeError::BadCharacter('\''))
        );
        assert_eq!(Code::parse("SMM-ÄBCD"), Err(CodeError::BadCharacter('Ä')));
        assert!(CodeError::BadCharacter('<').message().contains("'<'"));
    }

    #[test]
    fn masking_hides_all_but_the_first_group() {
        let c = Code::parse("SMM-7QK4-M9XD-2HTC-AB3F").unwrap();
        assert_eq!(c.masked(), "SMM-7QK4-****-****-****");
        assert_eq!(Code::parse("abc").unwrap().masked(), "ABC");
    }

    #[test]
    fn prefixes_are_short_and_plain() {
        assert_eq!(Prefix::parse(" smm "), Some(Prefix("SMM".into())));
        assert_eq!(Prefix::parse(""), None);
        assert_eq!(Prefix::parse("A-B"), None);
        assert_eq!(Prefix::parse("ABCDEFGHIJKLM"), None);
    }

    #[test]
    fn spaces_dashes_and_none_at_all_give_one_key() {
        let key = |raw: &str| Code::parse(raw).unwrap().key();
        assert_eq!(key("SMM XHFY J53V 5DUH 3VYN"), "SMMXHFYJ53V5DUH3VYN");
        assert_eq!(key("smmxhfyj53v5duh3vyn"), "SMMXHFYJ53V5DUH3VYN");
        assert_eq!(key("SMM-XHFY-J53V-5DUH-3VYN"), "SMMXHFYJ53V5DUH3VYN");
        assert_eq!(key("WORKING-001"), "WORKING001");
    }
}
