//! Where the allocator gets wasm memory: Talc, fed by a source that grows the memory by half of
//! its size at a time rather than by what one allocation needs.
//!
//! Why: every `memory.grow` makes V8 give `memory.buffer` a new ArrayBuffer, and V8 counts the
//! whole new buffer as fresh external memory until a GC sweeps the old one. Talc's own
//! `WasmGrowAndExtend` grows page by page as allocations ask, so a 100,000-user `planReclaim`
//! grew 1 → 91 MiB in many small steps; V8 read that as hundreds of MiB of external memory and
//! started three full mark-compacts ("external memory pressure") in the first call, each
//! marking the caller's whole heap. Growing geometrically takes ~10 steps to the same size.

use core::alloc::Layout;
use core::arch::wasm32::{memory_grow, memory_size};
use core::ptr::NonNull;

use talc::base::binning::Binning;
use talc::base::Talc;
use talc::cell::TalcSyncCell;
use talc::wasm::WasmBinning;

/// Bytes in a wasm page.
const PAGE: usize = 64 * 1024;

/// Talc's bookkeeping around a chunk is a few words; this covers it and the claim of a new heap.
const OVERHEAD: usize = 256;

/// A Talc source that grows wasm memory by at least half its current size, and extends the one
/// heap when the new pages follow it (they always do: nothing else grows this memory).
#[derive(Debug, Default)]
pub struct GrowByHalf {
    end: Option<NonNull<u8>>,
}

/// The global allocator's type.
pub type Heap = TalcSyncCell<GrowByHalf, WasmBinning>;

/// The global allocator: Talc over memory that [`GrowByHalf`] grows.
pub const fn heap() -> Heap {
    TalcSyncCell::new_wasm(GrowByHalf { end: None })
}

/// Pages that surely fit one allocation of `layout` (its size, alignment and Talc's overhead).
fn pages_for(layout: Layout) -> usize {
    let bytes = layout
        .size()
        .saturating_add(layout.align())
        .saturating_add(OVERHEAD);
    bytes.div_ceil(PAGE)
}

/// Grows the memory by `wanted` pages, else by the `needed` minimum: the old size and the
/// growth, in pages.
fn grow(wanted: usize, needed: usize) -> Option<(usize, usize)> {
    [wanted, needed].into_iter().find_map(|pages| {
        let previous = memory_grow::<0>(pages);
        (previous != usize::MAX).then_some((previous, pages))
    })
}

// SAFETY: acquire only grows wasm memory and hands Talc the new pages through `talc`; it never
// allocates.
unsafe impl talc::source::Source for GrowByHalf {
    fn acquire<B: Binning>(talc: &mut Talc<Self, B>, layout: Layout) -> Result<(), ()> {
        let needed = pages_for(layout);
        let wanted = needed.max(memory_size::<0>() / 2);
        let (previous, grown) = grow(wanted, needed).ok_or(())?;
        let base = (previous * PAGE) as *mut u8;
        let end = base.wrapping_add(grown * PAGE);
        if let Some(old_end) = talc.source.end.take() {
            if old_end.as_ptr() == base {
                // SAFETY: `old_end` is the end Talc gave for this heap, and the pages from it to
                // `end` were just added to the memory.
                talc.source.end = Some(unsafe { talc.extend(old_end, end) });
                return Ok(());
            }
        }
        // SAFETY: the pages from `base` to `end` were just added and belong to no one.
        talc.source.end = unsafe { talc.claim(base, grown * PAGE) };
        Ok(())
    }
}

/// Makes room for `bytes` more in one piece, growing the memory once if the heap lacks it: a
/// call that will allocate that much in many pieces then grows it once, not step by step (each
/// growth of a large memory costs the JS heap a full GC, see above). A hint: never fails.
pub fn reserve(bytes: usize) {
    let mut room: Vec<u8> = Vec::new();
    // Freed at once: the pieces allocated next come out of this room.
    let _ = room.try_reserve_exact(bytes);
}

extern "C" {
    /// Where the heap starts: the linker puts the stack (1 MiB) and static data before it.
    static __heap_base: u8;
}

/// For a call that will allocate about `bytes` in all: when the heap spans less, makes room for
/// the rest in one piece (growing the memory once if its free space lacks it, as in a fresh
/// instance). Unlike [`reserve`] of all of it, it asks nothing of a heap already that big, so a
/// memory grown by an earlier call, with its free space in several pieces, is not grown again.
pub fn reserve_heap(bytes: usize) {
    // Only the symbol's address is taken; it is never read.
    let base = core::ptr::addr_of!(__heap_base) as usize;
    let size = memory_size::<0>() * PAGE;
    let total = base.saturating_add(bytes);
    if size < total {
        reserve(total - size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Allocates `bytes` in 16 KiB pieces, kept; how many times the memory grew meanwhile.
    fn growths_while_allocating(bytes: usize, keep: &mut Vec<Vec<u8>>) -> usize {
        let mut growths = 0;
        let mut size = memory_size::<0>();
        for _ in 0..bytes / (16 * 1024) {
            keep.push(vec![1; 16 * 1024]);
            if memory_size::<0>() != size {
                growths += 1;
                size = memory_size::<0>();
            }
        }
        growths
    }

    #[wasm_bindgen_test]
    fn memory_grows_by_half_its_size_not_by_what_one_allocation_needs() {
        let start = memory_size::<0>();
        let mut keep = Vec::new();
        let growths = growths_while_allocating(48 << 20, &mut keep);
        // Growing by halves from `start` pages reaches the end in about log1.5(end/start)
        // steps; growing by what each allocation needs took one step per 4 pieces (768 here).
        let end = memory_size::<0>();
        let by_halves = ((end as f64 / start as f64).ln() / 1.5f64.ln()).ceil() as usize + 1;
        assert!(
            growths <= by_halves,
            "{growths} growths from {start} to {end} pages"
        );
        assert!(end * PAGE >= 48 << 20);
    }

    #[wasm_bindgen_test]
    fn reserve_makes_room_for_what_follows_in_one_growth() {
        reserve(24 << 20);
        let mut keep = Vec::new();
        assert_eq!(growths_while_allocating(24 << 20, &mut keep), 0);
    }

    #[wasm_bindgen_test]
    fn reserve_heap_grows_only_a_heap_smaller_than_asked() {
        let base = core::ptr::addr_of!(__heap_base) as usize;
        let size = memory_size::<0>() * PAGE;
        assert!(base > 1 << 20 && base < size, "the heap starts at {base}");
        reserve_heap((size - base) / 2);
        assert_eq!(memory_size::<0>() * PAGE, size, "already as big: not grown");
        // More than the memory holds, free or not: it must grow, to the whole of it.
        reserve_heap(2 * size - base);
        let grown = memory_size::<0>() * PAGE;
        assert!(grown >= 2 * size, "{size} -> {grown}");
        reserve_heap(grown - base);
        assert_eq!(
            memory_size::<0>() * PAGE,
            grown,
            "as big as asked: not grown again"
        );
    }
}
