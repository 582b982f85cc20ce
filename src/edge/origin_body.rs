//! Reading the origin's body in as few pieces as possible.
//!
//! Every read crosses between JavaScript and wasm through a promise, and in workerd a
//! default reader hands the body over in 4 KiB chunks (32 reads for a 124 KB page). A
//! "bring your own buffer" reader with a 64 KiB buffer instead gets everything that has
//! already arrived, up to 64 KiB, per read (3 reads for the same page) without waiting for
//! more than the first byte, so streaming is not delayed. Streams that are not byte streams
//! fall back to the default reader.

use futures_util::io::AsyncReadExt;
use futures_util::StreamExt;
use wasm_bindgen::JsCast;
use wasm_streams::readable::{IntoAsyncRead, IntoStream};
use worker::{Response, ResponseBody};

/// The most read at once (what the buffer holds).
const READ_BUFFER: usize = 64 * 1024;

/// The origin's body as a sequence of byte slices.
pub struct OriginBody {
    reader: Reader,
    buffer: Vec<u8>,
}

enum Reader {
    /// A byte stream, read into one reused buffer.
    Bytes(IntoAsyncRead<'static>),
    /// Any other stream, chunk by chunk.
    Chunks(IntoStream<'static>),
    /// A body already in memory, handed over once.
    Once(Option<Vec<u8>>),
    /// No body at all.
    Empty,
    /// A body that cannot be read: the error is reported once, then the body ends.
    Failed(Option<String>),
}

/// Why the origin's body broke off.
#[derive(Debug, thiserror::Error)]
#[error("the origin's body failed: {0}")]
pub struct BodyError(String);

impl OriginBody {
    /// Takes over `response`'s body; the response must not be read otherwise afterwards.
    pub fn of(response: &Response) -> OriginBody {
        let reader = match response.body() {
            ResponseBody::Stream(stream) => {
                let stream = wasm_streams::ReadableStream::from_raw(stream.clone());
                match stream.try_into_async_read() {
                    Ok(bytes) => Reader::Bytes(bytes),
                    // Not a byte stream: the default reader. (A stream already locked to
                    // another reader cannot be read at all; nothing here locks it first.)
                    Err((_, stream)) => match stream.try_into_stream() {
                        Ok(chunks) => Reader::Chunks(chunks),
                        Err((error, _)) => Reader::Failed(Some(format!("{error:?}"))),
                    },
                }
            }
            ResponseBody::Body(bytes) => Reader::Once(Some(bytes.clone())),
            ResponseBody::Empty => Reader::Empty,
        };
        OriginBody {
            reader,
            buffer: Vec::new(),
        }
    }

    /// The next piece of the body: `None` at its end.
    pub async fn next(&mut self) -> Option<Result<&[u8], BodyError>> {
        match &mut self.reader {
            Reader::Bytes(bytes) => {
                self.buffer.resize(READ_BUFFER, 0);
                match bytes.read(&mut self.buffer).await {
                    Ok(0) => None,
                    Ok(read) => Some(Ok(&self.buffer[..read])),
                    Err(error) => Some(Err(BodyError(error.to_string()))),
                }
            }
            Reader::Chunks(chunks) => match chunks.next().await? {
                Ok(chunk) => match chunk.dyn_into::<js_sys::Uint8Array>() {
                    Ok(chunk) => {
                        self.buffer.resize(chunk.length() as usize, 0);
                        chunk.copy_to(&mut self.buffer);
                        Some(Ok(&self.buffer))
                    }
                    Err(_) => {
                        self.reader = Reader::Empty;
                        Some(Err(BodyError("a chunk that is not bytes".to_owned())))
                    }
                },
                Err(error) => Some(Err(BodyError(format!("{error:?}")))),
            },
            Reader::Once(bytes) => {
                self.buffer = bytes.take()?;
                Some(Ok(&self.buffer))
            }
            Reader::Failed(error) => error.take().map(|error| Err(BodyError(error))),
            Reader::Empty => None,
        }
    }
}
