//! Reading the text of a flow, and of the scripts and flow tests beside
//! it: what keeps a file from being read, in words a user can act on, and a
//! UTF-8 byte-order mark (Windows editors write one) skipped as `desksim
//! decode` skips it.

use std::io::{ErrorKind, Read};
use std::path::Path;

/// Why a file's text could not be had.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("file not found")]
    NotFound,
    #[error("cannot read it: a folder, not a file")]
    Folder,
    #[error("cannot read it: permission denied")]
    PermissionDenied,
    #[error("cannot read it: {0}")]
    Io(std::io::Error),
    #[error("the file is {} MB; files are limited to {} MB", .size >> 20, .limit >> 20)]
    TooBig { size: u64, limit: u64 },
    /// Where the first byte that is not UTF-8 is, from 1.
    #[error("not UTF-8 text (an invalid byte at line {line}, column {column})")]
    NotUtf8 { line: usize, column: usize },
}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            ErrorKind::NotFound => FileError::NotFound,
            ErrorKind::IsADirectory => FileError::Folder,
            ErrorKind::PermissionDenied => FileError::PermissionDenied,
            _ => FileError::Io(e),
        }
    }
}

/// The UTF-8 text of `path`, without a leading byte-order mark; files
/// bigger than `limit` bytes are refused before they are read.
pub fn read_text(path: &Path, limit: u64) -> Result<String, FileError> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(FileError::Folder);
    }
    if meta.len() > limit {
        return Err(FileError::TooBig {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::new();
    // The size can change under us (a file still being written): read one
    // byte past the limit to notice.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooBig {
            size: bytes.len() as u64,
            limit,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Everything before the bad byte is UTF-8, so it counts as text.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        FileError::NotUtf8 { line, column }
    })?;
    Ok(match text.strip_prefix(BYTE_ORDER_MARK) {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// U+FEFF at the start of a file marks it as UTF-8; it is not part of the
/// JSON.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// `text` without a leading byte-order mark.
pub fn without_byte_order_mark(text: &str) -> &str {
    text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("desksim-file-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let path = scratch("bom", b"\xEF\xBB\xBF{}");
        assert_eq!(read_text(&path, 100).unwrap(), "{}");
    }

    #[test]
    fn each_reason_a_file_cannot_be_read_is_named() {
        assert!(matches!(
            read_text(Path::new("no/such/file.json"), 100),
            Err(FileError::NotFound)
        ));
        assert!(matches!(
            read_text(&std::env::temp_dir(), 100),
            Err(FileError::Folder)
        ));
        let big = scratch("big", &[b' '; 101]);
        assert!(matches!(
            read_text(&big, 100),
            Err(FileError::TooBig { size: 101, .. })
        ));
        let latin1 = scratch("latin1", b"{\n  \"name\": \"caf\xE9\"\n}");
        let err = read_text(&latin1, 100).unwrap_err();
        assert!(
            matches!(
                err,
                FileError::NotUtf8 {
                    line: 2,
                    column: 15
                }
            ),
            "{err:?}"
        );
    }
}
