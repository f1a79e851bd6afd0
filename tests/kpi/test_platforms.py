"""A realistic order export per platform (both UI languages where it has them, CSV and XLSX): every
order counted once, its total once, buyers by the platform's id, outcomes mapped per platform."""

import pytest

from assistant.kpi import read_export
from tests.kpi.platform_exports import Shape, as_csv, as_xlsx, expected

SHOPEE_VI = {
    "order_id": "Mã đơn hàng", "package": "Mã Kiện Hàng", "date": "Ngày đặt hàng", "status": "Trạng Thái Đơn Hàng",
    "cancel_reason": "Lý do hủy", "refund": "Trạng thái Trả hàng/Hoàn tiền", "parent_sku": "SKU sản phẩm",
    "product": "Tên sản phẩm", "sku": "SKU phân loại hàng", "variation": "Tên phân loại hàng", "price": "Giá gốc",
    "quantity": "Số lượng", "line": "Tổng giá bán (sản phẩm)", "amount": "Tổng giá trị đơn hàng (VND)",
    "buyer_id": "Người Mua", "customer": "Tên Người nhận", "phone": "Số điện thoại", "province": "Tỉnh/Thành phố",
}
SHOPEE_EN = {
    "order_id": "Order ID", "package": "Package ID", "date": "Order Creation Date", "status": "Order Status",
    "refund": "Return / Refund Status", "parent_sku": "Parent SKU Reference No.", "product": "Product Name",
    "sku": "SKU Reference No.", "variation": "Variation Name", "quantity": "Quantity", "line": "Product Subtotal",
    "amount": "Order Total", "buyer_id": "Username (Buyer)", "customer": "Receiver Name", "phone": "Phone Number",
}
TIKTOK_EN = {
    "order_id": "Order ID", "status": "Order Status", "substatus": "Order Substatus",
    "return_type": "Cancelation/Return Type", "preorder": "Normal or Pre-order", "sku_id": "SKU ID",
    "sku": "Seller SKU", "product": "Product Name", "variation": "Variation", "quantity": "Quantity",
    "unit": "SKU Unit Original Price", "line": "SKU Subtotal After Discount", "amount": "Order Amount",
    "refund_amount": "Order Refund Amount", "date": "Created Time", "buyer_id": "Buyer Username",
    "customer": "Recipient", "phone": "Phone #", "province": "Province",
}
TIKTOK_VI = {
    "order_id": "ID đơn hàng", "status": "Trạng thái đơn hàng", "substatus": "Trạng thái phụ của đơn hàng",
    "return_type": "Loại hủy/trả hàng", "sku": "SKU người bán", "product": "Tên sản phẩm", "variation": "Biến thể",
    "quantity": "Số lượng", "amount": "Số tiền đơn hàng", "date": "Thời gian tạo",
    "buyer_id": "Tên người dùng của người mua", "customer": "Người nhận", "phone": "Số điện thoại",
}
LAZADA_API = {
    "item_id": "orderItemId", "order_type": "orderType", "lazada_id": "lazadaId", "sku": "sellerSku",
    "date": "createTime", "order_id": "orderNumber", "customer": "customerName", "email": "customerEmail",
    "phone": "shippingPhone", "line_amount": "paidPrice", "unit": "unitPrice", "product": "itemName",
    "variation": "variation", "status": "status", "failed_reason": "buyerFailedDeliveryReason",
}
LAZADA_TITLE = {
    "item_id": "Order Item Id", "lazada_id": "Lazada Id", "sku": "Seller SKU", "date": "Created at",
    "order_id": "Order Number", "customer": "Customer Name", "phone": "Shipping Phone Number",
    "line_amount": "Paid Price", "product": "Item Name", "status": "Status",
}
HARAVAN_EN = {
    "order_id": "Name", "email": "Email", "payment_status": "Financial Status", "status": "Fulfillment Status",
    "currency": "Currency", "amount": "Total", "date": "Created at", "quantity": "Lineitem quantity",
    "product": "Lineitem name", "sku": "Lineitem sku", "customer": "Billing Name", "phone": "Billing Phone",
    "cancelled_at": "Cancelled at", "channel": "Source",
}
HARAVAN_VI = {
    "order_id": "Mã đơn hàng", "date": "Ngày tạo", "customer": "Khách hàng", "phone": "Điện thoại",
    "payment_status": "Trạng thái thanh toán", "status": "Tình trạng giao hàng", "channel": "Kênh",
    "amount": "Tổng tiền", "product": "Tên sản phẩm", "quantity": "Số lượng", "cancelled_at": "Ngày hủy",
}
SAPO_VI = {
    "order_id": "Mã đơn hàng", "date": "Ngày tạo đơn", "status": "Trạng thái đơn hàng",
    "packing": "Trạng thái đóng gói", "channel": "Nguồn đơn hàng", "customer": "Tên khách hàng",
    "phone": "SĐT khách hàng", "sku": "Mã SKU", "product": "Tên sản phẩm", "quantity": "Số lượng",
    "amount": "Khách phải trả",
}
SAPO_EN = {
    "order_id": "Order code", "date": "Created on", "status": "Order status", "channel": "Source",
    "customer": "Customer name", "phone": "Phone", "sku": "SKU", "product": "Product name", "quantity": "Quantity",
    "amount": "Amount due",
}
KIOTVIET_VI = {
    "order_id": "Mã hóa đơn", "date": "Thời gian", "buyer_id": "Mã khách hàng", "customer": "Tên khách hàng",
    "phone": "Điện thoại", "channel": "Kênh bán", "amount": "Khách cần trả", "paid": "Khách đã trả",
    "status": "Trạng thái", "sku": "Mã hàng", "product": "Tên hàng", "quantity": "Số lượng", "line_amount": "Thành tiền",
}
KIOTVIET_EN = {
    "order_id": "Invoice code", "date": "Time", "buyer_id": "Customer code", "customer": "Customer", "phone": "Phone",
    "channel": "Sales channel", "amount": "Customer needs to pay", "status": "Status", "sku": "Product code",
    "product": "Product name", "quantity": "Quantity",
}
NHANH_VI = {
    "order_id": "ID", "date": "Ngày tạo", "customer": "Khách hàng", "phone": "Điện thoại",
    "channel": "Nguồn đơn hàng", "carrier": "Hãng vận chuyển", "status": "Trạng thái", "product": "Sản phẩm",
    "quantity": "Số lượng", "amount": "Tổng tiền",
}
PANCAKE_VI = {
    "order_id": "Mã đơn hàng", "date": "Ngày tạo", "page": "Tên page", "customer": "Khách hàng", "phone": "SĐT",
    "channel": "Nguồn đơn", "status": "Trạng thái", "product": "Sản phẩm", "quantity": "Số lượng", "amount": "Tổng tiền",
}

SHAPES = {
    "shopee_vi.xlsx": Shape("shopee", "vi", SHOPEE_VI, {"done": "Hoàn thành", "cancelled": "Đã hủy",
                            "returned": "Trả hàng/Hoàn tiền", "open": "Đang giao"}, masked_phone=True,
                            extra={}),
    "shopee_en.csv": Shape("shopee", "en", SHOPEE_EN, {"done": "Completed", "cancelled": "Cancelled",
                           "returned": "Return/Refund", "open": "Shipping"}, masked_phone=True),
    "tiktok_en.csv": Shape("tiktok_shop", "en", TIKTOK_EN, {"done": "Completed", "cancelled": "Cancelled",
                           "returned": "Completed", "open": "Shipped"}, masked_phone=True),
    "tiktok_vi.xlsx": Shape("tiktok_shop", "vi", TIKTOK_VI, {"done": "Đã hoàn tất", "cancelled": "Đã hủy",
                            "returned": "Đã hoàn tất", "open": "Đã vận chuyển"}, masked_phone=True),
    "lazada_api.csv": Shape("lazada", "en", LAZADA_API, {"done": "delivered", "cancelled": "canceled",
                            "returned": "returned", "failed": "failed", "open": "shipped"}, total="lines",
                            per_unit=True, masked_phone=True, by="name"),
    "lazada_title.xlsx": Shape("lazada", "en", LAZADA_TITLE, {"done": "Delivered", "cancelled": "Canceled",
                               "returned": "Returned", "failed": "Failed", "open": "Ready To Ship"}, total="lines",
                               per_unit=True, masked_phone=True, by="name"),
    "haravan_en.csv": Shape("haravan", "en", HARAVAN_EN, {"done": "fulfilled", "returned": "fulfilled",
                            "cancelled": "unfulfilled", "open": "unfulfilled", "paid": "paid", "refunded": "refunded",
                            "voided": "voided"}, total="first", by="phone", extra={"Currency": "VND"}),
    "haravan_vi.xlsx": Shape("haravan", "vi", HARAVAN_VI, {"done": "Đã giao hàng", "returned": "Đã giao hàng",
                             "cancelled": "Chờ lấy hàng", "failed": "Không gặp khách", "open": "Chờ lấy hàng",
                             "paid": "Đã thanh toán", "refunded": "Đã nhập trả", "voided": "Đã hủy"},
                             total="first", by="phone"),
    "sapo_vi.xlsx": Shape("sapo", "vi", SAPO_VI, {"done": "Hoàn thành", "cancelled": "Đã hủy",
                          "returned": "Đã hoàn trả", "open": "Đang giao dịch"}, total="first", ids_on_items=False,
                          by="phone"),
    "sapo_en.csv": Shape("sapo", "en", SAPO_EN, {"done": "Completed", "cancelled": "Cancelled", "returned": "Returned",
                         "open": "Processing"}, by="phone"),
    "kiotviet_vi.csv": Shape("kiotviet", "vi", KIOTVIET_VI, {"done": "Hoàn thành", "cancelled": "Đã hủy",
                             "failed": "Không giao được", "open": "Đang xử lý"}),
    "kiotviet_en.xlsx": Shape("kiotviet", "en", KIOTVIET_EN, {"done": "Completed", "cancelled": "Cancelled",
                              "open": "Processing"}),
    "nhanh_vi.csv": Shape("nhanh", "vi", NHANH_VI, {"done": "Thành công", "cancelled": "Khách hủy",
                          "returned": "Chuyển hoàn", "failed": "Thất bại", "open": "Đang chuyển"}, by="phone"),
    "pancake_vi.xlsx": Shape("pancake", "vi", PANCAKE_VI, {"done": "Đã nhận", "cancelled": "Đã huỷ",
                             "returned": "Đã hoàn", "open": "Đã gửi hàng"}, by="phone"),
}


def _fill(shape: Shape) -> Shape:
    """Columns the reader does not use get a plausible value, so the export looks as the platform writes it."""
    used = {"order_id", "date", "status", "buyer_id", "customer", "phone", "product", "sku", "quantity", "amount",
            "line_amount", "channel", "return_type", "payment_status", "cancelled_at", "currency", "email"}
    shape.extra = {h: "x" for role, h in shape.headers.items() if role not in used} | shape.extra
    shape.headers = {role: h for role, h in shape.headers.items() if role in used}
    return shape


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_platform_export_gives_the_orders_it_holds(name):
    shape = _fill(SHAPES[name])
    data = as_xlsx(shape) if name.endswith(".xlsx") else as_csv(shape)
    want = expected(shape)
    report = read_export(data, name)
    kpis = report.kpis
    assert report.detected_format == "orders" and report.parts[0].platform == shape.platform
    assert report.totals["orders"] == want["orders"]
    assert report.totals["revenue"] == want["revenue"]
    assert report.totals["customers"] == want["customers"]
    assert report.totals["repeat_customers"] == want["repeat_customers"]
    assert kpis["orders_placed"] == want["orders_placed"]
    assert kpis["gross_revenue"] == want["gross_revenue"]
    assert kpis["cancel_rate"] == pytest.approx(want["cancel_rate"], abs=1e-6)
    assert kpis["return_rate"] == pytest.approx(want["return_rate"], abs=1e-6)
    assert kpis["failed_delivery_rate"] == pytest.approx(want["failed_delivery_rate"], abs=1e-6)
    top = report.breakdowns["product"][0]
    assert (top["key"], top["quantity"]) == want["top_product"]
