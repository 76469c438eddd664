// The login form: JSON to /api/login, then back to the page the user came for (same site only).
const form = document.getElementById('login');
const error = document.getElementById('error');

function nextPage() {
  const next = new URLSearchParams(location.search).get('next') || '/';
  // only a path of this site: '//host' or '/\host' would leave it
  return /^\/(?![/\\])/.test(next) ? next : '/';
}

form.addEventListener('submit', async e => {
  e.preventDefault();
  error.textContent = '';
  const body = JSON.stringify({username: form.username.value, password: form.password.value});
  try {
    const r = await fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
    if (r.ok) { location.href = nextPage(); return; }
    error.textContent = r.status === 401 ? '用户名或密码错误' : `登录失败（${r.status}）`;
  } catch (err) {
    error.textContent = '无法连接服务器：' + err.message;
  }
});
