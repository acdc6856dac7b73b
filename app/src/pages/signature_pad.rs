//! A handwritten signature for the pledge, offered only where WASM runs: the pad stays
//! hidden in server-rendered HTML and shows itself once the island is live. The drawing
//! travels with the form as a PNG data URL in a hidden field.

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};

// In a browser bundle only with its feature (see components::islands).
#[cfg_attr(any(feature = "ssr", feature = "island-signature-pad"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "island-signature-pad")), component)]
pub fn SignaturePad(lang: Lang) -> impl IntoView {
    crate::components::islands::rendered(crate::components::islands::Island::SignaturePad);
    let root = NodeRef::<leptos::html::Div>::new();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let field = NodeRef::<leptos::html::Input>::new();
    let drawing = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(div) = root.get() {
            let _ = div.remove_attribute("hidden");
            let _ = div.set_attribute("data-live", "true");
        }
    });
    #[cfg(feature = "hydrate")]
    let pen = move || {
        use leptos::wasm_bindgen::JsCast;
        let c = canvas.get()?;
        let ctx = c.get_context("2d").ok()??.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()?;
        ctx.set_line_width(3.0);
        ctx.set_line_cap("round");
        ctx.set_stroke_style_str("#1b1b1b");
        Some((c, ctx))
    };
    let down = move |ev: leptos::ev::PointerEvent| {
        #[cfg(feature = "hydrate")]
        if let Some((_, ctx)) = pen() {
            ev.prevent_default();
            drawing.set(true);
            ctx.begin_path();
            ctx.move_to(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let moved = move |ev: leptos::ev::PointerEvent| {
        #[cfg(feature = "hydrate")]
        if drawing.get_untracked() {
            if let Some((_, ctx)) = pen() {
                ctx.line_to(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
                ctx.stroke();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let up = move |_: leptos::ev::PointerEvent| {
        drawing.set(false);
        #[cfg(feature = "hydrate")]
        if let (Some((c, _)), Some(input)) = (pen(), field.get()) {
            if let Ok(url) = c.to_data_url() {
                input.set_value(&url);
            }
        }
    };
    let clear = move |_| {
        #[cfg(feature = "hydrate")]
        if let (Some((c, ctx)), Some(input)) = (pen(), field.get()) {
            ctx.clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
            input.set_value("");
        }
    };
    view! {
        <div node_ref=root class="signature-pad field" hidden>
            <p class="label" id="signature-label">{lang.t(Msg::SignatureLabel)}</p>
            <canvas node_ref=canvas width="320" height="160" aria-labelledby="signature-label"
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointerleave=up></canvas>
            <input node_ref=field type="hidden" name="signature_png" value=""/>
            <button type="button" class="button-link" on:click=clear>{lang.t(Msg::SignatureClear)}</button>
        </div>
    }
}
