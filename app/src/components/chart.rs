//! A spider chart drawn by ECharts in the browser, with the same figures in a
//! data table beside it (for screen readers and print).

use crate::charts::Series;
use leptos::prelude::*;

/// Draw (or update) a chart into the element `id`. Inside a suspense the
/// element may not be in the document yet when the effect first runs: retry
/// every 50 ms for a while before reporting an error.
#[cfg(feature = "hydrate")]
fn draw(
    id: &'static str,
    chart: charming::Chart,
    height: u32,
    instance: StoredValue<Option<charming::Echarts>, LocalStorage>,
    state: RwSignal<&'static str>,
    tries: u32,
) {
    if instance.with_value(|i| i.is_some()) {
        instance.with_value(|i| {
            if let Some(ec) = i {
                charming::WasmRenderer::update(ec, &chart);
            }
        });
        state.set("rendered");
        return;
    }
    match charming::WasmRenderer::new_opt(None, Some(height)).render(id, &chart) {
        Ok(ec) => {
            instance.set_value(Some(ec));
            state.set("rendered");
        }
        Err(_) if tries > 0 => set_timeout(
            move || draw(id, chart, height, instance, state, tries - 1),
            std::time::Duration::from_millis(50),
        ),
        Err(_) => state.set("error"),
    }
}

/// Provided by pages meant for printing: chart data tables start open, so
/// they are on paper too.
#[derive(Debug, Clone, Copy)]
pub struct PrintTables;

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
            draw(id, chart, 380, instance, state, 40);
        });
    }

    #[cfg(not(feature = "hydrate"))]
    let _ = labels;

    let print_open = use_context::<PrintTables>().is_some();
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
            <details class="chart-data" open=print_open>
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

/// Any chart of [`crate::charts::ChartSpec`], drawn by ECharts, with its data
/// table given as children (shown in a collapsible block, always in print).
#[component]
pub fn ChartFigure(
    id: &'static str,
    #[prop(into)] caption: Signal<String>,
    #[prop(into)] table_label: Signal<String>,
    #[prop(into)] spec: Signal<crate::charts::ChartSpec>,
    #[prop(optional)] height: Option<u32>,
    children: Children,
) -> impl IntoView {
    let state = RwSignal::new("pending");
    let node = NodeRef::<leptos::html::Div>::new();

    #[cfg(feature = "hydrate")]
    {
        let instance: StoredValue<Option<charming::Echarts>, LocalStorage> =
            StoredValue::new_local(None);
        Effect::new(move |_| {
            let spec = spec.get();
            if node.get().is_none() {
                return;
            }
            let chart = crate::charts::build(&spec);
            draw(id, chart, height.unwrap_or(340), instance, state, 40);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (spec, height);

    let print_open = use_context::<PrintTables>().is_some();
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
            <details class="chart-data" open=print_open>
                <summary>{move || table_label.get()}</summary>
                {children()}
            </details>
        </figure>
    }
}
