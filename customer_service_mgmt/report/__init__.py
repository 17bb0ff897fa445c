# -*- coding: utf-8 -*-
from . import credit
from . import complaint
from . import service
