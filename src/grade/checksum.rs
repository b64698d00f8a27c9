//! A 64-bit checksum of a cache file's content, defined here so that it never changes between
//! Rust versions or platforms (std's `DefaultHasher` may). It is FNV-1a's multiply over
//! little-endian 8-byte words, with a rotation so that high bits feed back into low ones:
//! about one multiply per 8 bytes, fast enough to check an 80 MB file in a blink in release
//! builds. It detects damage, not tampering (no secret key).

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// A checksum fed in pieces of any size: the result depends only on the bytes, not on how
/// they were split.
#[derive(Clone, Debug)]
pub struct Checksum {
    state: u64,
    pending: [u8; 8],
    pending_len: usize,
    total: u64,
}

impl Default for Checksum {
    fn default() -> Self {
        Checksum {
            state: SEED,
            pending: [0; 8],
            pending_len: 0,
            total: 0,
        }
    }
}

impl Checksum {
    fn word(&mut self, word: [u8; 8]) {
        self.state = (self.state ^ u64::from_le_bytes(word))
            .wrapping_mul(PRIME)
            .rotate_left(29);
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        self.total += bytes.len() as u64;
        if self.pending_len > 0 {
            let take = (8 - self.pending_len).min(bytes.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&bytes[..take]);
            self.pending_len += take;
            bytes = &bytes[take..];
            if self.pending_len < 8 {
                return;
            }
            self.word(self.pending);
            self.pending_len = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(w);
            self.word(word);
        }
        let rest = words.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    /// The checksum; the length is mixed in, so trailing zero bytes count.
    pub fn finish(&self) -> u64 {
        let mut c = self.clone();
        let mut last = [0; 8];
        last[..c.pending_len].copy_from_slice(&c.pending[..c.pending_len]);
        c.word(last);
        c.word(self.total.to_le_bytes());
        c.state
    }

    pub fn of(bytes: &[u8]) -> u64 {
        let mut c = Checksum::default();
        c.update(bytes);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_stable_and_independent_of_how_bytes_are_fed() {
        // Pinned: the cache's seals depend on this value never changing.
        assert_eq!(Checksum::of(b""), Checksum::of(&[]));
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = Checksum::of(&data);
        for split in [1, 3, 7, 8, 9, 500, 999] {
            let mut c = Checksum::default();
            for piece in data.chunks(split) {
                c.update(piece);
            }
            assert_eq!(c.finish(), whole, "pieces of {split}");
        }
        assert_eq!(Checksum::of(b"sqldrill"), 0x2c3e_ca1b_b45e_d426);
    }

    #[test]
    fn any_flipped_bit_or_extra_zero_changes_it() {
        let data = vec![0u8; 64];
        let base = Checksum::of(&data);
        for i in 0..data.len() * 8 {
            let mut d = data.clone();
            d[i / 8] ^= 1 << (i % 8);
            assert_ne!(Checksum::of(&d), base, "bit {i}");
        }
        assert_ne!(Checksum::of(&[0u8; 65]), base);
    }
}
