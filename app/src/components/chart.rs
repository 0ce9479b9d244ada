//! A spider chart drawn by ECharts in the browser, with the same figures in a
//! data table beside it (for screen readers and print).

use crate::charts::Series;
use crate::i18n::*;
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

/// The usual summary of a chart's data table, in the reader's language.
fn data_table_label() -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || t_string!(i18n, dash.data_table).to_string())
}

/// `id` must be unique on the page. `axes` and `series` are reactive so the
/// chart follows a language switch.
#[component]
pub fn SpiderChart(
    id: &'static str,
    #[prop(into)] caption: Signal<String>,
    /// The data table's summary; `dash.data_table` ("Show the figures as a
    /// table") if not given.
    #[prop(optional, into)]
    table_label: Option<Signal<String>>,
    #[prop(into)] axis_header: Signal<String>,
    #[prop(into)] axes: Signal<Vec<String>>,
    #[prop(into)] series: Signal<Vec<Series>>,
    /// Short axis labels for the drawing (e.g. "S1"); the table keeps `axes`.
    #[prop(optional, into)]
    labels: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let table_label = table_label.unwrap_or_else(data_table_label);
    let (state, node) = canvas(id, 380, move || {
        let axes = labels.map(|l| l.get()).unwrap_or_else(|| axes.get());
        crate::charts::spider(&axes, &series.get())
    });

    let table = view! {
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
    };
    frame(id, node, state, caption, table_label, table)
}

/// Any chart of [`crate::charts::ChartSpec`], drawn by ECharts, with its data
/// table given as children (shown in a collapsible block, always in print).
#[component]
pub fn ChartFigure(
    id: &'static str,
    #[prop(into)] caption: Signal<String>,
    /// The data table's summary; `dash.data_table` ("Show the figures as a
    /// table") if not given.
    #[prop(optional, into)]
    table_label: Option<Signal<String>>,
    #[prop(into)] spec: Signal<crate::charts::ChartSpec>,
    #[prop(optional)] height: Option<u32>,
    children: Children,
) -> impl IntoView {
    let table_label = table_label.unwrap_or_else(data_table_label);
    let (state, node) = canvas(id, height.unwrap_or(340), move || {
        crate::charts::build(&spec.get())
    });

    frame(id, node, state, caption, table_label, children())
}

/// The state and the canvas of the chart `id`, which the browser draws
/// `height` pixels high from `chart` once the canvas is in the document, and
/// again whenever what `chart` reads changes.
fn canvas(
    id: &'static str,
    height: u32,
    chart: impl Fn() -> charming::Chart + 'static,
) -> (RwSignal<&'static str>, NodeRef<leptos::html::Div>) {
    let state = RwSignal::new("pending");
    let node = NodeRef::<leptos::html::Div>::new();

    #[cfg(feature = "hydrate")]
    {
        let instance: StoredValue<Option<charming::Echarts>, LocalStorage> =
            StoredValue::new_local(None);
        Effect::new(move |_| {
            let chart = chart();
            if node.get().is_none() {
                return;
            }
            draw(id, chart, height, instance, state, 40);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, height, chart);

    (state, node)
}

/// The figure around a chart: the canvas ECharts draws into (`node`, its
/// `state` in `data-chart-state`), the caption, and the figures as `data` in
/// a collapsible block (open on pages meant for printing).
fn frame(
    id: &'static str,
    node: NodeRef<leptos::html::Div>,
    state: RwSignal<&'static str>,
    caption: Signal<String>,
    table_label: Signal<String>,
    data: impl IntoView,
) -> impl IntoView {
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
                {data}
            </details>
        </figure>
    }
}
