;; The two row loops of the logistic regression objective, two float64 lanes at a time
;; (WebAssembly SIMD): every product and sum of the JavaScript loops they replace (dotRow with its
;; four accumulators, addScaledRow), in the same order, so the results are the same to the bit.
;; Assembled into logisticKernels.wasm.ts by `npm run build:kernels` (scripts/build-kernels.ts);
;; the test kernels.test.ts fails when that file is older than this source.
;;
;; Both take (x, weights or errors, out or gradient, rows, features, outputs, width) as byte
;; addresses and counts; width = features + 1, the intercept first.
;;   logits:   out[r * outputs + k] = x[r] . weights[k][1..width)
;;   gradient: gradient[k][1..width) += errors[r * outputs + k] * x[r], row by row
(module
  (type $kernelType (func (param i32 i32 i32 i32 i32 i32 i32)))
  (import "env" "memory" (memory $env.memory 1))
  (func $logits (type $kernelType) (param $x i32) (param $w i32) (param $out i32) (param $rows i32) (param $features i32) (param $outputs i32) (param $width i32)
    (local $r i32) (local $k i32) (local $xr i32) (local $pw i32) (local $px i32) (local $end4 i32) (local $end i32) (local $o i32) (local $acc01 v128) (local $acc23 v128) (local $s0 f64)
    local.get $out
    local.set $o
    block $B0
      loop $L1
        local.get $r
        local.get $rows
        i32.ge_s
        br_if $B0
        local.get $x
        local.get $r
        local.get $features
        i32.mul
        i32.const 3
        i32.shl
        i32.add
        local.set $xr
        i32.const 0
        local.set $k
        block $B2
          loop $L3
            local.get $k
            local.get $outputs
            i32.ge_s
            br_if $B2
            local.get $w
            local.get $k
            local.get $width
            i32.mul
            i32.const 1
            i32.add
            i32.const 3
            i32.shl
            i32.add
            local.set $pw
            local.get $xr
            local.set $px
            local.get $xr
            local.get $features
            i32.const -4
            i32.and
            i32.const 3
            i32.shl
            i32.add
            local.set $end4
            local.get $xr
            local.get $features
            i32.const 3
            i32.shl
            i32.add
            local.set $end
            v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
            local.set $acc01
            v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
            local.set $acc23
            block $B4
              loop $L5
                local.get $px
                local.get $end4
                i32.ge_u
                br_if $B4
                local.get $acc01
                local.get $pw
                v128.load align=8
                local.get $px
                v128.load align=8
                f64x2.mul
                f64x2.add
                local.set $acc01
                local.get $acc23
                local.get $pw
                v128.load offset=16 align=8
                local.get $px
                v128.load offset=16 align=8
                f64x2.mul
                f64x2.add
                local.set $acc23
                local.get $pw
                i32.const 32
                i32.add
                local.set $pw
                local.get $px
                i32.const 32
                i32.add
                local.set $px
                br $L5
              end
            end
            local.get $acc01
            f64x2.extract_lane 0
            local.set $s0
            block $B6
              loop $L7
                local.get $px
                local.get $end
                i32.ge_u
                br_if $B6
                local.get $s0
                local.get $pw
                f64.load
                local.get $px
                f64.load
                f64.mul
                f64.add
                local.set $s0
                local.get $pw
                i32.const 8
                i32.add
                local.set $pw
                local.get $px
                i32.const 8
                i32.add
                local.set $px
                br $L7
              end
            end
            local.get $o
            local.get $s0
            local.get $acc01
            f64x2.extract_lane 1
            f64.add
            local.get $acc23
            f64x2.extract_lane 0
            local.get $acc23
            f64x2.extract_lane 1
            f64.add
            f64.add
            f64.store
            local.get $o
            i32.const 8
            i32.add
            local.set $o
            local.get $k
            i32.const 1
            i32.add
            local.set $k
            br $L3
          end
        end
        local.get $r
        i32.const 1
        i32.add
        local.set $r
        br $L1
      end
    end)
  (func $gradient (type $kernelType) (param $x i32) (param $w i32) (param $out i32) (param $rows i32) (param $features i32) (param $outputs i32) (param $width i32)
    (local $r i32) (local $k i32) (local $xr i32) (local $pw i32) (local $px i32) (local $end4 i32) (local $end i32) (local $o i32) (local $acc01 v128) (local $acc23 v128) (local $s0 f64)
    local.get $w
    local.set $o
    block $B0
      loop $L1
        local.get $r
        local.get $rows
        i32.ge_s
        br_if $B0
        local.get $x
        local.get $r
        local.get $features
        i32.mul
        i32.const 3
        i32.shl
        i32.add
        local.set $xr
        i32.const 0
        local.set $k
        block $B2
          loop $L3
            local.get $k
            local.get $outputs
            i32.ge_s
            br_if $B2
            local.get $o
            f64.load
            local.set $s0
            local.get $o
            i32.const 8
            i32.add
            local.set $o
            local.get $s0
            f64x2.splat
            local.set $acc01
            local.get $out
            local.get $k
            local.get $width
            i32.mul
            i32.const 1
            i32.add
            i32.const 3
            i32.shl
            i32.add
            local.set $pw
            local.get $xr
            local.set $px
            local.get $xr
            local.get $features
            i32.const -2
            i32.and
            i32.const 3
            i32.shl
            i32.add
            local.set $end4
            local.get $xr
            local.get $features
            i32.const 3
            i32.shl
            i32.add
            local.set $end
            block $B4
              loop $L5
                local.get $px
                local.get $end4
                i32.ge_u
                br_if $B4
                local.get $pw
                local.get $pw
                v128.load align=8
                local.get $acc01
                local.get $px
                v128.load align=8
                f64x2.mul
                f64x2.add
                v128.store align=8
                local.get $pw
                i32.const 16
                i32.add
                local.set $pw
                local.get $px
                i32.const 16
                i32.add
                local.set $px
                br $L5
              end
            end
            block $B6
              loop $L7
                local.get $px
                local.get $end
                i32.ge_u
                br_if $B6
                local.get $pw
                local.get $pw
                f64.load
                local.get $s0
                local.get $px
                f64.load
                f64.mul
                f64.add
                f64.store
                local.get $pw
                i32.const 8
                i32.add
                local.set $pw
                local.get $px
                i32.const 8
                i32.add
                local.set $px
                br $L7
              end
            end
            local.get $k
            i32.const 1
            i32.add
            local.set $k
            br $L3
          end
        end
        local.get $r
        i32.const 1
        i32.add
        local.set $r
        br $L1
      end
    end)
  (export "logits" (func $logits))
  (export "gradient" (func $gradient)))
