//! The exported API in Node (`wasm-pack test --node -- --test node`).
#![cfg(target_arch = "wasm32")]

mod common;

seat_tests!("node");
