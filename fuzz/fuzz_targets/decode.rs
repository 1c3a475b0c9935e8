//! Decoding never panics, in either mode, whatever the bytes; a message that
//! decodes re-encodes to one that decodes to the same value.

#![no_main]

use desksim::protocol::{Body, DecodeOptions, decode, decode_any};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for opts in [DecodeOptions::strict().at(1_750_000_000), DecodeOptions::lenient()] {
        if let Ok(decoded) = decode(text, &opts)
            && let Body::Service(message) = decoded.body
        {
            let again = decode(&message.to_wire(), &DecodeOptions::strict()).expect("re-encoded message decodes");
            assert_eq!(again.body, Body::Service(message));
        }
        let _ = decode_any(text, &opts);
    }
});
