//! Reading the origin's body in as few pieces as possible, and a shopper's request body
//! no further than its limit.
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

/// The origin's body (or a request's) as a sequence of byte slices.
pub struct OriginBody {
    reader: Reader,
    buffer: Vec<u8>,
    /// The largest piece copied into wasm memory; a bigger one ends the body with an error
    /// before it is copied (see [`OriginBody::read_at_most`]).
    max_piece: usize,
}

/// Why a bounded read stopped.
#[derive(Debug)]
pub enum BoundedReadError {
    /// The body is longer than the limit; reading stopped there.
    TooLarge,
    /// The body broke off.
    Broken(BodyError),
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

/// What a bounded read reports for a piece over its limit.
const PIECE_TOO_LARGE: &str = "a piece larger than the limit";

impl Reader {
    fn of_stream(stream: worker::web_sys::ReadableStream) -> Reader {
        let stream = wasm_streams::ReadableStream::from_raw(stream);
        match stream.try_into_async_read() {
            Ok(bytes) => Reader::Bytes(bytes),
            // Not a byte stream: the default reader. (A stream already locked to another
            // reader cannot be read at all; nothing here locks it first.)
            Err((_, stream)) => match stream.try_into_stream() {
                Ok(chunks) => Reader::Chunks(chunks),
                Err((error, _)) => Reader::Failed(Some(format!("{error:?}"))),
            },
        }
    }
}

/// Why the origin's body broke off.
#[derive(Debug, thiserror::Error)]
#[error("the origin's body failed: {0}")]
pub struct BodyError(String);

impl OriginBody {
    /// Takes over `response`'s body; the response must not be read otherwise afterwards.
    pub fn of(response: &Response) -> OriginBody {
        let reader = match response.body() {
            ResponseBody::Stream(stream) => Reader::of_stream(stream.clone()),
            ResponseBody::Body(bytes) => Reader::Once(Some(bytes.clone())),
            ResponseBody::Empty => Reader::Empty,
        };
        OriginBody {
            reader,
            buffer: Vec::new(),
            max_piece: usize::MAX,
        }
    }

    /// Takes over a request's body; the request must not be read otherwise afterwards.
    pub fn of_request(request: &worker::Request) -> OriginBody {
        let reader = request
            .inner()
            .body()
            .map_or(Reader::Empty, Reader::of_stream);
        OriginBody {
            reader,
            buffer: Vec::new(),
            max_piece: usize::MAX,
        }
    }

    /// The whole body, if it is at most `limit` bytes long. Reading stops as soon as the
    /// limit is passed, and no piece larger than the limit is ever copied into wasm memory
    /// (which never shrinks), so an oversized body costs no memory.
    pub async fn read_at_most(mut self, limit: usize) -> Result<Vec<u8>, BoundedReadError> {
        self.max_piece = limit.saturating_add(1);
        let mut body = Vec::new();
        while let Some(piece) = self.next().await {
            let piece = piece.map_err(|error| {
                if error.0 == PIECE_TOO_LARGE {
                    BoundedReadError::TooLarge
                } else {
                    BoundedReadError::Broken(error)
                }
            })?;
            if body.len() + piece.len() > limit {
                return Err(BoundedReadError::TooLarge);
            }
            body.extend_from_slice(piece);
        }
        Ok(body)
    }

    /// The next piece of the body: `None` at its end.
    pub async fn next(&mut self) -> Option<Result<&[u8], BodyError>> {
        match &mut self.reader {
            Reader::Bytes(bytes) => {
                self.buffer.resize(READ_BUFFER.min(self.max_piece), 0);
                match bytes.read(&mut self.buffer).await {
                    Ok(0) => None,
                    Ok(read) => Some(Ok(&self.buffer[..read])),
                    Err(error) => Some(Err(BodyError(error.to_string()))),
                }
            }
            Reader::Chunks(chunks) => match chunks.next().await? {
                Ok(chunk) => match chunk.dyn_into::<js_sys::Uint8Array>() {
                    Ok(chunk) if chunk.length() as usize > self.max_piece => {
                        self.reader = Reader::Empty;
                        Some(Err(BodyError(PIECE_TOO_LARGE.to_owned())))
                    }
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
            Reader::Once(bytes) if bytes.as_ref().is_some_and(|b| b.len() > self.max_piece) => {
                *bytes = None;
                Some(Err(BodyError(PIECE_TOO_LARGE.to_owned())))
            }
            Reader::Once(bytes) => {
                self.buffer = bytes.take()?;
                Some(Ok(&self.buffer))
            }
            Reader::Failed(error) => error.take().map(|error| Err(BodyError(error))),
            Reader::Empty => None,
        }
    }
}
