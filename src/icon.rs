//! Decoding `icon.png`, bounded: a PNG that declares huge dimensions is refused before anything is
//! allocated for its pixels.

use std::fmt;

/// The PNG signature.
pub const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Larger icons are not decoded: 4096 × 4096 pixels, 64 MB of RGBA. A 230 × 230 icon is 0.2 MB.
pub const MAX_PIXELS: u64 = 4096 * 4096;

/// An icon's pixels, as 8-bit RGBA.
#[derive(Debug)]
pub struct Icon {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Why an icon could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IconError {
    /// The file does not start with the PNG signature.
    NotPng,
    /// The header declares more pixels than [`MAX_PIXELS`].
    TooLarge { width: u32, height: u32 },
    /// The PNG data is damaged.
    Broken(String),
}

impl fmt::Display for IconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IconError::NotPng => f.write_str("the file is not a PNG image (no PNG signature)"),
            IconError::TooLarge { width, height } => write!(
                f,
                "the PNG declares {width} × {height} pixels, more than this tool decodes (4096 × 4096): a decompression bomb, or far too large for an icon"
            ),
            IconError::Broken(e) => write!(f, "the PNG image is damaged: {e}"),
        }
    }
}

/// The decoder's error in words for a connector author: the `png` crate's text carries Rust
/// `Debug` output ("ChunkType { type: IHDR, critical: true, … }", "BadCodeLengthHuffmanTree").
fn broken(e: png::DecodingError) -> IconError {
    IconError::Broken(match e {
        png::DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends before the image does (it is truncated)".to_string()
        }
        png::DecodingError::IoError(io) => format!("it could not be read ({io})"),
        png::DecodingError::LimitsExceeded => {
            "decoding it needs more memory than the 64 MB allowed".to_string()
        }
        png::DecodingError::Format(f) => plain_words(&f.to_string()),
        png::DecodingError::Parameter(p) => plain_words(&p.to_string()),
    })
}

/// `text` without `Debug` structures: a chunk type is named by its four letters, a corrupt
/// deflate stream is called what it is, and the trailing periods go.
fn plain_words(text: &str) -> String {
    if text.starts_with("Corrupt deflate stream") {
        return "its compressed pixel data (IDAT) is corrupt".to_string();
    }
    let mut out = text.to_string();
    while let Some(start) = out.find("ChunkType { type: ") {
        let name_start = start + "ChunkType { type: ".len();
        let name: String = out[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let end = out[start..].find('}').map_or(out.len(), |i| start + i + 1);
        out.replace_range(start..end, &name);
    }
    out.trim_end_matches('.').to_string()
}

/// Decode a PNG to 8-bit RGBA.
pub fn decode(bytes: &[u8]) -> Result<Icon, IconError> {
    if !bytes.starts_with(&PNG_MAGIC) {
        return Err(IconError::NotPng);
    }
    let mut decoder = png::Decoder::new_with_limits(
        bytes,
        png::Limits {
            bytes: 64 * 1024 * 1024,
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(broken)?;
    let (width, height) = (reader.info().width, reader.info().height);
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(IconError::TooLarge { width, height });
    }
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(broken)?;
    buf.truncate(frame.buffer_size());
    let pixels = (width as usize) * (height as usize);
    let rgba: Vec<u8> = match frame.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => buf
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => buf
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => {
            return Err(IconError::Broken(
                "an indexed image was not expanded".into(),
            ))
        }
    };
    if rgba.len() != pixels * 4 {
        return Err(IconError::Broken(
            "the image data is shorter than its size".into(),
        ));
    }
    Ok(Icon {
        width,
        height,
        rgba,
    })
}

/// What the border of an icon shows: its most frequent colour and the lowest alpha on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Border {
    pub color: [u8; 3],
    pub min_alpha: u8,
}

impl Icon {
    fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y as usize) * (self.width as usize) + x as usize) * 4;
        [
            self.rgba[i],
            self.rgba[i + 1],
            self.rgba[i + 2],
            self.rgba[i + 3],
        ]
    }

    /// The background, taken from the outermost ring of pixels: the most frequent colour (ties go
    /// to the smaller value, so the result never depends on order) and the lowest alpha.
    pub fn border(&self) -> Option<Border> {
        if self.width == 0 || self.height == 0 {
            return None;
        }
        let (w, h) = (self.width, self.height);
        let mut counts: std::collections::BTreeMap<[u8; 3], u32> = Default::default();
        let mut min_alpha = u8::MAX;
        let ring = (0..w)
            .flat_map(|x| [(x, 0), (x, h - 1)])
            .chain((0..h).flat_map(|y| [(0, y), (w - 1, y)]));
        for (x, y) in ring {
            let p = self.pixel(x, y);
            min_alpha = min_alpha.min(p[3]);
            *counts.entry([p[0], p[1], p[2]]).or_default() += 1;
        }
        let color = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| *c)?;
        Some(Border { color, min_alpha })
    }
}

/// `#rrggbb` to RGB.
pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let n = u32::from_str_radix(hex, 16).ok()?;
    Some([(n >> 16) as u8, (n >> 8) as u8, n as u8])
}

/// Euclidean distance between two colours (0 to 442).
pub fn color_distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    let d: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (f64::from(*x) - f64::from(y)).powi(2))
        .sum();
    d.sqrt().round() as u32
}

/// `#rrggbb` of a colour.
pub fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Encode RGBA pixels as a PNG (for tests and fixtures).
pub fn encode_rgba(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut out, width, height);
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Eight);
        let mut w = e.write_header().expect("PNG header");
        w.write_image_data(rgba).expect("PNG data");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(w: u32, h: u32, p: [u8; 4]) -> Vec<u8> {
        encode_rgba(w, h, &p.repeat((w * h) as usize))
    }

    #[test]
    fn decodes_and_reads_the_border() {
        let icon = decode(&solid(4, 3, [0x0f, 0x6c, 0xbd, 255])).unwrap();
        assert_eq!((icon.width, icon.height), (4, 3));
        assert_eq!(
            icon.border(),
            Some(Border {
                color: [0x0f, 0x6c, 0xbd],
                min_alpha: 255
            })
        );
    }

    #[test]
    fn refuses_what_is_not_a_png_damaged_or_huge() {
        assert_eq!(decode(b"GIF89a...").unwrap_err(), IconError::NotPng);
        let mut png = solid(8, 8, [1, 2, 3, 255]);
        png.truncate(40);
        assert!(matches!(decode(&png), Err(IconError::Broken(_))));
        // A header that declares 100000 × 100000 pixels, and almost no data: refused before any
        // pixel buffer is allocated.
        let bomb = bomb_png(100_000, 100_000);
        assert_eq!(
            decode(&bomb).unwrap_err(),
            IconError::TooLarge {
                width: 100_000,
                height: 100_000
            }
        );
    }

    /// A PNG whose header declares `w` × `h` pixels, with one tiny image chunk.
    pub fn bomb_png(w: u32, h: u32) -> Vec<u8> {
        let mut small = solid(1, 1, [0, 0, 0, 255]);
        // IHDR data starts at byte 16: width and height, big-endian; then fix the chunk's CRC.
        small[16..20].copy_from_slice(&w.to_be_bytes());
        small[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32(&small[12..29]);
        small[29..33].copy_from_slice(&crc.to_be_bytes());
        small
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn colors() {
        assert_eq!(parse_hex_color("#007EE5"), Some([0, 0x7e, 0xe5]));
        assert_eq!(parse_hex_color("007ee5"), None);
        assert_eq!(parse_hex_color("#fff"), None);
        assert_eq!(color_distance([0, 0, 0], [255, 255, 255]), 442);
        assert_eq!(hex([0xda, 0x3b, 0x01]), "#da3b01");
    }
}
