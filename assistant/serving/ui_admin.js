// The 文档 tab's admin panel (gr.HTML js_on_load: `element` is the panel, `trigger` fires its Gradio events).
// Upload and delete go through the admin API itself (POST/DELETE api/documents), so the UI checks the
// token, size, type and parse exactly as curl does. Every outcome is said in place, in Chinese; a change
// fires trigger("submit"), on which Gradio refreshes the documents list, the regions and the statistics.
const $ = (selector) => element.querySelector(selector);
let busy = false;
let documents = [];

function say(box, text, kind) {
  const line = document.createElement("div");
  line.className = "zw-message " + kind;
  line.setAttribute("role", kind === "error" ? "alert" : "status");
  line.textContent = text;
  box.appendChild(line);
  return line;
}

function send(method, url, body, token, onProgress) {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open(method, url);
    request.setRequestHeader("Authorization", "Bearer " + token);
    if (onProgress) request.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    request.onload = () => {
      let data = null;
      try { data = JSON.parse(request.responseText); } catch (e) { data = null; }
      resolve({ status: request.status, data });
    };
    request.onerror = () => resolve({ status: 0, data: null });
    request.send(body);
  });
}

function problem(result) {
  if (result.status === 0) return "网络错误，操作没有完成，请检查连接后重试。";
  const detail = result.data && result.data.detail;
  return typeof detail === "string" ? detail : "操作失败（HTTP " + result.status + "），知识库没有改变。";
}

async function loadDocuments() {
  try {
    const response = await fetch("api/documents");
    documents = response.ok ? await response.json() : documents;
  } catch (e) { /* keep the list we had */ }
  const select = $("#delete-doc");
  const chosen = select.value;
  select.replaceChildren(new Option("请选择要删除的文件", ""));
  for (const d of documents) select.add(new Option(`${d.title}（${d.region || "地区未识别"} ${d.year || ""}）`, d.id));
  select.value = documents.some((d) => d.id === chosen) ? chosen : "";
}

function placeOf(data, id) {
  const listed = data.documents;
  const own = Array.isArray(listed) ? listed.find((d) => d.id === id) : listed && listed[id];
  return own || (data.region !== undefined ? data : null) || documents.find((d) => d.id === id) || {};
}

function read(value, source, missing) {
  if (!value) return missing;
  return source ? `${value}（据${source}）` : String(value);
}

function describe(item, data) {
  const labels = [["新增", "added"], ["替换旧版本", "replaced"], ["内容未变化", "unchanged"]];
  for (const [label, key] of labels) {
    for (const id of data[key] || []) {
      const doc = placeOf(data, id);
      const region = read(doc.region, doc.region_source, "未识别");
      const year = read(doc.year, doc.year_source, "未识别");
      say(item, `${label}：${doc.title || id}；地区：${region}；年份：${year}`, "note");
      const warnings = (data.warnings || {})[id] || [];
      const folded = document.createElement("details");
      const summary = document.createElement("summary");
      summary.textContent = warnings.length ? `解析提示 ${warnings.length} 条（请核对这些行）` : "没有解析提示";
      folded.appendChild(summary);
      const list = document.createElement("ul");
      for (const w of warnings) {
        const entry = document.createElement("li");
        entry.textContent = `第 ${w.line} 行 · ${w.kind}：${w.text}`;
        list.appendChild(entry);
      }
      folded.appendChild(list);
      item.appendChild(folded);
    }
  }
}

function ready(box) {
  box.replaceChildren();
  const token = $("#admin-token").value.trim();
  if (!token) say(box, "请先填写管理令牌。", "error");
  return busy ? "" : token;
}

async function upload() {
  const box = $("#upload-result");
  const token = ready(box);
  const files = Array.from($("#upload-file").files);
  const region = $("#upload-region").value.trim();
  const year = $("#upload-year").value.trim();
  if (!token) return;
  if (!files.length) return say(box, "请选择要上传的文件。", "error");
  if (year && !/^(19|20)\d{2}$/.test(year)) return say(box, "年份应为四位数字，如 2025；文件没有上传。", "error");
  busy = true;
  $("#upload-button").disabled = true;
  let changed = false;
  for (const file of files) {
    const item = document.createElement("div");
    item.className = "zw-upload-item";
    say(item, `《${file.name}》`, "note");
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    item.appendChild(bar);
    box.appendChild(item);
    const form = new FormData();
    form.append("file", file);
    if (region) form.append("region", region);
    if (year) form.append("year", year);
    const stage = say(item, "上传中…", "note");
    const result = await send("POST", "api/documents", form, token, (p) => {
      bar.value = Math.round(p * 100);
      if (p >= 1) stage.textContent = "已上传，正在解析并写入知识库…";
    });
    bar.remove();
    stage.remove();
    if (result.status === 200 || result.status === 201) {
      changed = true;
      if (!result.data.region) await loadDocuments();
      describe(item, result.data);
    } else {
      say(item, `上传失败：${problem(result)}`, "error");
      if (result.status === 401 || result.status === 403) break;
    }
  }
  busy = false;
  $("#upload-button").disabled = false;
  if (changed) { await loadDocuments(); trigger("submit"); }
}

function askToDelete() {
  const box = $("#delete-result");
  const token = ready(box);
  const id = $("#delete-doc").value;
  if (!token) return;
  if (!id) return say(box, "请选择要删除的文件。", "error");
  const doc = documents.find((d) => d.id === id) || { title: id };
  $("#delete-question").textContent = `确定删除《${doc.title}》？删除后问答和任务查询都不再使用它。`;
  $("#delete-confirm").hidden = false;
}

async function confirmDelete() {
  if (busy) return;  // a second click of a double click: the first one is already deleting
  busy = true;
  $("#delete-confirm").hidden = true;
  const box = $("#delete-result");
  const id = $("#delete-doc").value;
  const doc = documents.find((d) => d.id === id) || { title: id };
  const result = await send("DELETE", "api/documents/" + encodeURIComponent(id), null, $("#admin-token").value.trim());
  busy = false;
  if (result.status === 200) {
    say(box, `已删除《${doc.title}》。`, "note");
    await loadDocuments();
    trigger("submit");
  } else {
    say(box, `删除失败：${problem(result)}`, "error");
  }
}

$("#upload-button").addEventListener("click", upload);
$("#upload-file").addEventListener("change", () => {
  const names = Array.from($("#upload-file").files).map((f) => f.name);
  $("#upload-names").textContent = names.length ? names.join("、") : "未选择文件";
});
$("#delete-button").addEventListener("click", askToDelete);
$("#delete-yes").addEventListener("click", confirmDelete);
$("#delete-no").addEventListener("click", () => { $("#delete-confirm").hidden = true; });
$("#delete-doc").addEventListener("focus", loadDocuments);
loadDocuments();
