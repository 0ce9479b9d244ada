//! A spider chart drawn by ECharts in the browser, with the same figures in a
//! data table beside it (for screen readers and print).

use crate::charts::Series;
use leptos::prelude::*;

/// `id` must be unique on the page. `axes` and `series` are reactive so the
/// chart follows a language switch.
#[component]
pub fn SpiderChart(
    id: &'static str,
    #[prop(into)] caption: Signal<String>,
    #[prop(into)] table_label: Signal<String>,
    #[prop(into)] axis_header: Signal<String>,
    #[prop(into)] axes: Signal<Vec<String>>,
    #[prop(into)] series: Signal<Vec<Series>>,
    /// Short axis labels for the drawing (e.g. "S1"); the table keeps `axes`.
    #[prop(optional, into)]
    labels: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let state = RwSignal::new("pending");
    let node = NodeRef::<leptos::html::Div>::new();

    #[cfg(feature = "hydrate")]
    {
        let instance: StoredValue<Option<charming::Echarts>, LocalStorage> =
            StoredValue::new_local(None);
        Effect::new(move |_| {
            let axes = labels.map(|l| l.get()).unwrap_or_else(|| axes.get());
            let series = series.get();
            if node.get().is_none() {
                return;
            }
            let chart = crate::charts::spider(&axes, &series);
            let existing = instance.with_value(|i| i.is_some());
            if existing {
                instance.with_value(|i| {
                    if let Some(ec) = i {
                        charming::WasmRenderer::update(ec, &chart);
                    }
                });
                state.set("rendered");
            } else {
                match charming::WasmRenderer::new_opt(None, Some(380)).render(id, &chart) {
                    Ok(ec) => {
                        instance.set_value(Some(ec));
                        state.set("rendered");
                    }
                    Err(_) => state.set("error"),
                }
            }
        });
    }

    #[cfg(not(feature = "hydrate"))]
    let _ = labels;

    view! {
        <figure class="chart">
            <div
                id=id
                class="chart-canvas"
                node_ref=node
                data-chart-state=move || state.get()
                role="img"
                aria-label=move || caption.get()
            ></div>
            <figcaption>{move || caption.get()}</figcaption>
            <details class="chart-data">
                <summary>{move || table_label.get()}</summary>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{move || axis_header.get()}</th>
                            {move || {
                                series
                                    .get()
                                    .into_iter()
                                    .map(|s| view! { <th scope="col">{s.name}</th> })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let series = series.get();
                            axes.get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, axis)| {
                                    let cells = series
                                        .iter()
                                        .map(|s| {
                                            let v = s.values.get(i).copied();
                                            view! {
                                                <td>{v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into())}</td>
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                {labels
                                                    .and_then(|l| l.get().get(i).cloned())
                                                    .map(|l| format!("{l} "))}
                                                {axis}
                                            </th>
                                            {cells}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
