//! Lower case without Rust's Unicode tables (~35 KB of `.wasm`): the Latin, Greek and Cyrillic
//! letters a shop's services, products and translated words are written in, by arithmetic.
//! Other scripts are left as they are (most have no case). Used wherever text is compared
//! ignoring case; a test holds it equal to `char::to_lowercase` on every letter it covers.

/// `c` in lower case (for the covered scripts; any other character as it is).
pub fn lower_char(c: char) -> char {
    let n = c as u32;
    let lowered = match n {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => n + 0x20,
        // Latin Extended-A: upper and lower alternate; the runs differ in parity.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if n.is_multiple_of(2) => n + 1,
        0x139..=0x148 | 0x179..=0x17E if !n.is_multiple_of(2) => n + 1,
        0x130 => 0x69,
        0x178 => 0xFF,
        // Greek.
        0x386 => 0x3AC,
        0x388..=0x38A => n + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 63,
        0x391..=0x3A1 | 0x3A3..=0x3AB => n + 0x20,
        0x370..=0x373 | 0x3D8..=0x3EF if n.is_multiple_of(2) => n + 1,
        0x376 => 0x377,
        0x37F => 0x3F3,
        0x3CF => 0x3D7,
        0x3F4 => 0x3B8,
        0x3F7 => 0x3F8,
        0x3F9 => 0x3F2,
        0x3FA => 0x3FB,
        0x3FD..=0x3FF => n - 0x82,
        // Cyrillic.
        0x400..=0x40F => n + 0x50,
        0x410..=0x42F => n + 0x20,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if n.is_multiple_of(2) => n + 1,
        0x4C0 => 0x4CF,
        0x4C1..=0x4CE if !n.is_multiple_of(2) => n + 1,
        _ => n,
    };
    char::from_u32(lowered).unwrap_or(c)
}

/// `s` in lower case, as `lower_char` does it.
pub fn lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where Rust's tables give one lower-case letter, this gives the same, for every
    /// character of the covered blocks.
    #[test]
    fn the_covered_scripts_lower_as_unicode_does() {
        let blocks = [0x0..=0x24F_u32, 0x370..=0x3FF, 0x400..=0x52F];
        for c in blocks.into_iter().flatten().filter_map(char::from_u32) {
            let mut unicode = c.to_lowercase();
            let (Some(one), None) = (unicode.next(), unicode.next()) else {
                continue; // İ lowers to two characters: here it is a plain i.
            };
            let covered = (c as u32) < 0x180 || (0x370..=0x52F).contains(&(c as u32));
            if covered {
                assert_eq!(lower_char(c), one, "{c} U+{:04X}", c as u32);
            } else {
                assert!(lower_char(c) == c, "{c} is outside the covered blocks");
            }
        }
        assert_eq!(
            lower("YouTube ПОДПИСЧИКИ Çok ΆΛΦΑ Łódź"),
            "youtube подписчики çok άλφα łódź"
        );
        assert_eq!(lower_char('İ'), 'i');
    }
}
