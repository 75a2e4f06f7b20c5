;; EASE scoring, four float32 lanes at a time (WebAssembly SIMD). Assembled into
;; easeKernels.wasm.ts by `npm run build:kernels` (scripts/build-kernels.ts); the test
;; kernels.test.ts fails when that file is older than this source.
;;
;; sumRows(local, rows, count, n): local[0..n) = the sum of the weight rows whose byte offsets are
;; rows[0..count), added one row at a time in that order, every add rounded to float32 — the value
;; of the JavaScript loop's float64 add stored into a Float32Array, so the scores are the same to
;; the bit. `local` and `rows` are byte addresses in the imported memory.
(module
  (type $sumRowsType (func (param i32 i32 i32 i32)))
  (import "env" "memory" (memory $env.memory 1))
  (func $sumRows (type $sumRowsType) (param $local i32) (param $rows i32) (param $count i32) (param $n i32)
    (local $q i32) (local $p i32) (local $s i32) (local $end4 i32) (local $end i32)
    local.get $local
    local.get $n
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    i32.add
    local.set $end4
    local.get $local
    local.get $n
    i32.const 2
    i32.shl
    i32.add
    local.set $end
    local.get $local
    local.set $p
    block $B0
      loop $L1
        local.get $p
        local.get $end4
        i32.ge_u
        br_if $B0
        local.get $p
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        v128.store align=8
        local.get $p
        i32.const 16
        i32.add
        local.set $p
        br $L1
      end
    end
    block $B2
      loop $L3
        local.get $p
        local.get $end
        i32.ge_u
        br_if $B2
        local.get $p
        f32.const 0x0p+0 (;=0;)
        f32.store
        local.get $p
        i32.const 4
        i32.add
        local.set $p
        br $L3
      end
    end
    block $B4
      loop $L5
        local.get $q
        local.get $count
        i32.ge_s
        br_if $B4
        local.get $rows
        local.get $q
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.set $s
        local.get $local
        local.set $p
        block $B6
          loop $L7
            local.get $p
            local.get $end4
            i32.ge_u
            br_if $B6
            local.get $p
            local.get $p
            v128.load align=8
            local.get $s
            v128.load align=8
            f32x4.add
            v128.store align=8
            local.get $p
            i32.const 16
            i32.add
            local.set $p
            local.get $s
            i32.const 16
            i32.add
            local.set $s
            br $L7
          end
        end
        block $B8
          loop $L9
            local.get $p
            local.get $end
            i32.ge_u
            br_if $B8
            local.get $p
            local.get $p
            f32.load
            local.get $s
            f32.load
            f32.add
            f32.store
            local.get $p
            i32.const 4
            i32.add
            local.set $p
            local.get $s
            i32.const 4
            i32.add
            local.set $s
            br $L9
          end
        end
        local.get $q
        i32.const 1
        i32.add
        local.set $q
        br $L5
      end
    end)
  (export "sumRows" (func $sumRows)))
